package io.tandem.daemon;

import io.tandem.config.MysqlFailover;
import io.tandem.mysql.CatchUp;
import io.tandem.mysql.CatchUpResult;
import io.tandem.mysql.FailbackVerdict;
import io.tandem.mysql.FenceReport;
import io.tandem.mysql.Fencer;
import io.tandem.mysql.MasterMasterSanity;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.mysql.SanityFinding;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.tandem.mysql.ServerInspector;
import java.sql.SQLException;
import io.tandem.mysql.ServerObservation;
import io.tandem.mysql.ServerStatus;
import io.tandem.status.MysqlView;
import java.time.Instant;
import io.tandem.notify.Alerts;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MySQL side of one {@code vrrp_instance} with a {@code mysql {}} block: at most one writable
 * master (DESIGN S3) and no failback before catch-up.
 * <ul>
 *   <li>Whenever the instance is not MASTER, from start-up on, the local mysqld is fenced
 *       ({@code read_only=ON}, {@code super_read_only} where the server has it).</li>
 *   <li>Leaving MASTER: fence first (and end client sessions), only then release the VIP
 *       ({@link #leaveMaster}).</li>
 *   <li>Becoming MASTER: fence the old master when it is reachable, wait until this server has
 *       applied what it had (bounded by {@code catch_up_timeout}), then turn writes on; never
 *       while the old master is known to be writable ({@link #becomeMaster}).</li>
 *   <li>Not MASTER: a periodic check of this server's replication from the other master holds
 *       the instance's priority down until it has caught up ({@link #holdsFailback}).</li>
 * </ul>
 * The database work runs in order on one worker thread of its own, never on the control loop;
 * what the loop must do afterwards comes back through {@link ControlLoop#post}. Each change of
 * the instance's state bumps a generation, so a slow step that the state has overtaken never
 * turns writes on.
 */
final class WriteGuard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WriteGuard.class.getName());
    /** How often a node that is not MASTER checks its fence and its catch-up. */
    static final Duration FAILBACK_CHECK = Duration.ofMillis(500);
    /** How often the master-master rules are checked (and once at start-up). */
    static final Duration SANITY_CHECK = Duration.ofSeconds(10);
    /** How long a TCP connect to the old master may take before it counts as unreachable. */
    static final Duration PEER_PROBE = Duration.ofMillis(300);
    static final Duration PEER_RETRY = Duration.ofMillis(50);
    /** How often the local server is read for the status output (read-only flags, replication, GTID). */
    static final Duration OBSERVE = Duration.ofSeconds(2);

    private final String instance;
    private final MysqlFailover settings;
    private final MysqlEndpoint local;
    private final Optional<MysqlEndpoint> peer;
    private final ControlLoop loop;
    private final Alerts alerts;
    private final Runnable retrack;
    private final ExecutorService worker;
    private final AtomicLong generation = new AtomicLong();
    /** One fence check queued at a time, however slow the server. */
    private final java.util.concurrent.atomic.AtomicBoolean enforcing = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread failbackWatch;
    /** Reads the local server for the status output on its own thread: a slow read never delays fencing or failback. */
    private final Thread observer;
    private volatile boolean master;
    /** Watch thread only: the other master's last seen health while this one is MASTER. */
    private volatile Boolean peerHealthy;
    /** Watch thread only: the master-master findings reported so far, by rule. */
    private final Map<SanityFinding.Rule, SanityFinding> reported = new EnumMap<>(SanityFinding.Rule.class);
    private volatile boolean closed;
    /** Loop thread only: the last failback verdict says "not yet". */
    private boolean holding;
    private FailbackVerdict lastVerdict;
    /** The last look at the local server for the status output; written by the observer thread. */
    private volatile Observed observed;
    /** The last look at the other master, for the status output; written by the observer thread. */
    private volatile Observed peerObserved;

    /** One look at the local server: what it said, or why it did not answer. */
    private record Observed(Instant at, ServerObservation server, String error) {}

    WriteGuard(String instance, MysqlFailover settings, MysqlEndpoint local, Optional<MysqlEndpoint> peer, ControlLoop loop,
               Alerts alerts, Runnable retrack) {
        this.instance = instance;
        this.settings = settings;
        this.local = local;
        this.peer = peer;
        this.loop = loop;
        this.alerts = alerts;
        this.retrack = retrack;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mysql-" + instance).factory());
        this.failbackWatch = Thread.ofVirtual().name("watch-" + instance).unstarted(this::watch);
        this.observer = Thread.ofVirtual().name("observe-" + instance).unstarted(this::observeLoop);
    }

    /**
     * Start-up: the instance is not MASTER yet, so writes go off at once; {@code fenceNow} false
     * only for a master that a reload keeps (its writes stay on).
     */
    void start(boolean fenceNow) {
        if (fenceNow) {
            long g = generation.incrementAndGet();
            worker.execute(() -> fence(g, "start-up", false));
        }
        failbackWatch.start();
        observer.start();
    }

    /** Entered BACKUP, FAULT or INIT without having been MASTER: make sure writes are off. */
    void notMaster(String why) {
        master = false;
        peerHealthy = null;
        long g = generation.incrementAndGet();
        worker.execute(() -> fence(g, why, false));
    }

    /**
     * Leaving MASTER: fence (and end client sessions), then run {@code release} on the loop,
     * also when fencing fails or times out (a dead or hung mysqld takes no writes either).
     */
    void leaveMaster(String why, Runnable release) {
        master = false;
        long g = generation.incrementAndGet();
        worker.execute(() -> {
            try {
                fence(g, why, settings.killSessions());
            } finally {
                loop.post(release);
            }
        });
    }

    /** Became MASTER: the ordered switch, then writes on (see the class comment). */
    void becomeMaster() {
        master = true;
        long g = generation.incrementAndGet();
        loop.post(this::clearHold);
        worker.execute(() -> openWrites(g));
    }

    /** True while a returning master must stay below the current master's priority. Loop thread. */
    boolean holdsFailback() {
        return holding && !master;
    }

    private void fence(long g, String why, boolean killSessions) {
        if (!settings.fence()) {
            return;
        }
        FenceReport r = Fencer.fence(local, killSessions, local.timeout());
        LOG.log(r.ok() ? Level.INFO : Level.WARNING, "({0}) fenced the local mysqld ({1}): {2}", instance, why, r.summary());
        if (!r.ok() && generation.get() == g) {
            LOG.log(Level.WARNING, "({0}) the local mysqld could not be fenced: if it is still running, it may take writes", instance);
        }
    }

    /**
     * Fences the old master before this one opens writes. A server that is unreachable (refused,
     * no route, no answer to TCP) is down or cut off and is not waited for. One that accepts TCP
     * but cannot be fenced (hung, e.g. stopped) is retried until it is fenced, up to
     * {@code catch_up_timeout}: opening writes while it might resume writable would make two
     * writable masters. Returns false when the state moved on meanwhile.
     */
    private boolean fencePeer(long g) {
        MysqlEndpoint p = peer.get();
        long deadline = System.nanoTime() + settings.catchUpTimeout().toNanos();
        boolean waitingSaid = false;
        while (true) {
            FenceReport r = Fencer.fence(p, settings.killSessions(), p.timeout());
            if (r.ok()) {
                LOG.log(Level.INFO, "({0}) fenced the other master: {1}", instance, r.summary());
                return true;
            }
            Optional<String> unreachable = PeerReach.unreachable(p, PEER_PROBE);
            if (unreachable.isPresent()) {
                LOG.log(Level.WARNING, "({0}) the other master is unreachable ({1}); not waiting for its fence: {2}", instance,
                        unreachable.get(), r.summary());
                return true;
            }
            if (generation.get() != g || closed) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.log(Level.ERROR, "({0}) the other master accepts connections but could not be fenced within {1} s;"
                        + " opening writes anyway: {2}", instance, String.valueOf(settings.catchUpTimeout().toSeconds()), r.summary());
                alerts.alert(instance + ": the old master could not be fenced",
                        "The old master " + p + " accepts TCP connections but could not be set read-only within "
                                + settings.catchUpTimeout().toSeconds() + " s; writes were opened on this master anyway."
                                + " If the old master resumes, both may be writable until it is fenced: " + r.summary());
                return true;
            }
            if (!waitingSaid) {
                LOG.log(Level.WARNING, "({0}) the other master accepts connections but does not answer (hung?); writes stay off"
                        + " until it is fenced: {1}", instance, r.summary());
                waitingSaid = true;
            }
            try {
                Thread.sleep(PEER_RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** On the worker: fences again if the local server is writable while the instance is not MASTER. */
    private void enforceFence(long g) {
        if (master || generation.get() != g) {
            return;
        }
        try {
            if (!ServerInspector.inspect(local, false).writable()) {
                return;
            }
        } catch (SQLException e) {
            return; // down or hung: it takes no writes; the next round looks again
        }
        LOG.log(Level.WARNING, "({0}) the local mysqld is writable while this instance is not MASTER; fencing it", instance);
        fence(g, "found writable", settings.killSessions());
    }

    private void openWrites(long g) {
        long start = System.nanoTime();
        if (settings.fence() && peer.isPresent() && !fencePeer(g)) {
            return;
        }
        CatchUpResult c = CatchUp.await(local, peer, settings.catchUpTimeout());
        LOG.log(c.caughtUp() ? Level.INFO : Level.WARNING, "({0}) {1}", instance, c.summary());
        if (!c.caughtUp()) {
            alerts.alert(instance + ": writes opened before catch-up completed",
                    "The new master " + instance + " could not apply everything the old master had within "
                            + settings.catchUpTimeout().toSeconds() + " s: " + c.summary());
        }
        if (generation.get() != g || closed) {
            LOG.log(Level.INFO, "({0}) no longer MASTER; writes stay off", instance);
            return;
        }
        if (!settings.fence()) {
            return;
        }
        FenceReport u = Fencer.unfence(local, local.timeout());
        LOG.log(u.ok() ? Level.INFO : Level.ERROR, "({0}) writes on after {1} ms: {2}", instance,
                String.valueOf(Duration.ofNanos(System.nanoTime() - start).toMillis()), u.summary());
        if (generation.get() != g) {
            // the state moved on while unfencing: the fence queued behind this turns writes off again
            LOG.log(Level.WARNING, "({0}) left MASTER while turning writes on; fencing again", instance);
        }
    }

    /**
     * While not MASTER: re-fences a local mysqld found writable (restarted without
     * {@code read_only} in its configuration, or set by hand), and judges failback.
     */
    private void watch() {
        long nextSanity = System.nanoTime();
        while (!closed) {
            if (!master) {
                if (settings.fence() && enforcing.compareAndSet(false, true)) {
                    long g = generation.get();
                    worker.execute(() -> {
                        try {
                            enforceFence(g);
                        } finally {
                            enforcing.set(false);
                        }
                    });
                }
                if (settings.failbackCatchUp() && peer.isPresent()) {
                    FailbackVerdict v = CatchUp.failback(local, peer, local.timeout());
                    loop.post(() -> verdict(v));
                }
            } else if (peer.isPresent()) {
                watchRedundancy();
            }
            if (peer.isPresent() && System.nanoTime() - nextSanity >= 0) {
                sanity(MasterMasterSanity.check(local, peer.get(), local.timeout()));
                nextSanity = System.nanoTime() + SANITY_CHECK.toNanos();
            }
            try {
                Thread.sleep(FAILBACK_CHECK);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void observeLoop() {
        while (!closed) {
            observe();
            try {
                Thread.sleep(OBSERVE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Observer thread: reads the local server for the status output; a failure is shown, never acted on. */
    private void observe() {
        observed = look(local, observed);
        peer.ifPresent(p -> peerObserved = look(p, peerObserved));
    }

    private static Observed look(MysqlEndpoint e, Observed before) {
        try {
            return new Observed(Instant.now(), ServerInspector.observe(e), null);
        } catch (SQLException | RuntimeException ex) {
            return new Observed(Instant.now(), before == null ? null : before.server(), e.scrub(String.valueOf(ex.getMessage())));
        }
    }

    /** What {@code tandem status} shows of the local mysqld. Loop thread (reads the failback verdict). */
    MysqlView view() {
        // a verdict from before this node became MASTER says nothing any more
        Optional<String> failback = master ? Optional.empty() : Optional.ofNullable(lastVerdict).map(WriteGuard::describe);
        Optional<MysqlView> other = peer.map(p -> view(p, peerObserved, Optional.empty(), false, Optional.empty()));
        return view(local, observed, failback, holdsFailback(), other);
    }

    private static MysqlView view(MysqlEndpoint e, Observed o, Optional<String> failback, boolean holding, Optional<MysqlView> other) {
        if (o == null || o.server() == null) {
            return new MysqlView(e.toString(), "unknown", Optional.ofNullable(o).map(Observed::at),
                    Optional.ofNullable(o).map(Observed::error), "", false, false, Optional.empty(), "", failback, holding, other);
        }
        ServerStatus st = o.server().status();
        Optional<MysqlView.Replica> replica = st.replica().map(r -> new MysqlView.Replica(r.source().orElse("?"), r.ioRunning(),
                r.sqlRunning(), r.lagSeconds(), r.lastError()));
        Optional<String> error = Optional.ofNullable(o.error()).or(() -> o.server().replicaError().map(x -> "replication status: " + x));
        String role = o.error() != null ? "unknown" : st.writable() ? "writable" : "fenced";
        return new MysqlView(e.toString(), role, Optional.of(o.at()), error, st.version(),
                st.readOnly(), st.superReadOnly(), replica, o.server().gtidPosition(), failback, holding, other);
    }

    /** While MASTER: is the other master's mysqld still there? Alerts when that changes. */
    private void watchRedundancy() {
        boolean healthy;
        String why = "";
        try {
            if (ServerInspector.inspect(peer.get(), false).writable() && settings.fence()) {
                // e.g. a hung old master that resumed before its own Tandem fenced it
                LOG.log(Level.ERROR, "({0}) the other master is writable while this one is MASTER; fencing it", instance);
                long g = generation.get();
                worker.execute(() -> {
                    if (generation.get() == g && master) {
                        FenceReport r = Fencer.fence(peer.get(), settings.killSessions(), peer.get().timeout());
                        LOG.log(r.ok() ? Level.INFO : Level.ERROR, "({0}) fenced the other master: {1}", instance, r.summary());
                    }
                });
            }
            healthy = true;
        } catch (SQLException e) {
            healthy = false;
            why = e.getMessage();
        }
        Boolean before = peerHealthy;
        peerHealthy = healthy;
        if (before != null && before == healthy || (before == null && healthy)) {
            return;
        }
        if (healthy) {
            LOG.log(Level.INFO, "({0}) the other master is back: redundancy restored", instance);
            alerts.alert(instance + ": redundancy restored", "The other master " + peer.get() + " answers again.");
        } else {
            LOG.log(Level.WARNING, "({0}) only one healthy master left: the other master does not answer ({1})", instance, why);
            alerts.alert(instance + ": only one healthy master left",
                    "This node is MASTER and the other master " + peer.get() + " does not answer: " + why
                            + ". Another failure now loses the service.");
        }
    }

    /** Logs (and mails) each master-master rule when it starts failing, and says when it clears. */
    private void sanity(List<SanityFinding> findings) {
        Map<SanityFinding.Rule, SanityFinding> now = new EnumMap<>(SanityFinding.Rule.class);
        findings.forEach(f -> now.put(f.rule(), f));
        for (SanityFinding f : now.values()) {
            if (!reported.containsKey(f.rule())) {
                Level level = switch (f.severity()) {
                    case CRITICAL -> Level.ERROR;
                    case WARNING -> Level.WARNING;
                    case NOTICE -> Level.INFO;
                };
                LOG.log(level, "({0}) master-master check: {1}", instance, f);
                if (f.rule() != SanityFinding.Rule.UNREACHABLE) {
                    alerts.alert(instance + ": master-master check " + f.rule(), f.message());
                }
            }
        }
        for (SanityFinding.Rule r : reported.keySet()) {
            if (!now.containsKey(r)) {
                LOG.log(Level.INFO, "({0}) master-master check {1} passes again", instance, r);
            }
        }
        reported.clear();
        reported.putAll(now);
    }

    /** Loop thread: a failback verdict arrived. */
    private void verdict(FailbackVerdict v) {
        boolean hold = !(v instanceof FailbackVerdict.CaughtUp) && !master;
        boolean kindChanged = lastVerdict == null || lastVerdict.getClass() != v.getClass();
        lastVerdict = v;
        if (kindChanged) {
            LOG.log(hold ? Level.WARNING : Level.INFO, "({0}) failback: {1}", instance, describe(v));
            if (v instanceof FailbackVerdict.Broken) {
                alerts.alert(instance + ": replication from the other master is broken",
                        "This master will not take the VIP back until replication is repaired: " + v.reason());
            }
        }
        if (hold != holding) {
            holding = hold;
            retrack.run();
        }
    }

    private void clearHold() {
        if (holding) {
            holding = false;
            retrack.run();
        }
    }

    private static String describe(FailbackVerdict v) {
        return switch (v) {
            case FailbackVerdict.CaughtUp c -> "caught up (" + c.reason() + "); may take the VIP back";
            case FailbackVerdict.Behind b -> "not caught up (" + b.reason() + "); holding priority down";
            case FailbackVerdict.Broken b -> "replication broken (" + b.reason() + "); holding priority down";
        };
    }

    // --- planned switchover (see Switchover) ------------------------------------------------------

    MysqlEndpoint local() {
        return local;
    }

    Optional<MysqlEndpoint> peer() {
        return peer;
    }

    MysqlFailover settings() {
        return settings;
    }

    /**
     * Why the other master cannot take over now, or empty when it can: it must answer, be fenced
     * (its own Tandem fences a master that is not MASTER: a writable one means no Tandem runs
     * there, or two writable masters), replicate with both threads running and lag at most
     * {@code maxLag}.
     */
    Optional<String> switchoverTargetProblem(Duration maxLag) {
        MysqlEndpoint p = peer.orElseThrow();
        ServerStatus st;
        try {
            st = ServerInspector.inspect(p, true);
        } catch (SQLException e) {
            return Optional.of("the target " + p + " does not answer: " + p.scrub(String.valueOf(e.getMessage())));
        }
        if (st.writable()) {
            return Optional.of("the target " + p + " is writable; its Tandem fences a master that is not MASTER,"
                    + " so is Tandem running there?");
        }
        if (st.replica().isEmpty()) {
            return Optional.of("the target " + p + " does not replicate from anyone");
        }
        var r = st.replica().get();
        if (!r.running()) {
            return Optional.of("the target's replication is not running (IO thread " + (r.ioRunning() ? "running" : "stopped")
                    + ", SQL thread " + (r.sqlRunning() ? "running" : "stopped") + ")" + r.lastError().map(e -> ": " + e).orElse(""));
        }
        if (r.lagSeconds().isEmpty()) {
            return Optional.of("the target's replication lag is unknown");
        }
        if (r.lagSeconds().getAsLong() > maxLag.toSeconds()) {
            return Optional.of("the target lags " + r.lagSeconds().getAsLong() + " s, more than max-lag " + maxLag.toSeconds() + " s");
        }
        return Optional.empty();
    }

    /** Sets the local mysqld read-only and ends client sessions, in order with the guard's other steps. */
    FenceReport fenceForSwitchover() {
        return onWorker(() -> Fencer.fence(local, settings.killSessions(), local.timeout()),
                "fencing for the switchover");
    }

    /**
     * A switchover that could not finish: writes back on here, if this instance is still MASTER
     * and nothing else happened to it meanwhile.
     */
    Optional<FenceReport> reopenAfterSwitchover() {
        long g = generation.get();
        return Optional.ofNullable(onWorker(() -> master && generation.get() == g ? Fencer.unfence(local, local.timeout()) : null,
                "re-opening writes"));
    }

    private <T> T onWorker(java.util.concurrent.Callable<T> step, String what) {
        try {
            return worker.submit(step).get(local.timeout().toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        }
    }

    /**
     * Runs {@code then} on the worker after everything queued so far (a stopping daemon's last
     * fence), at most {@code timeout} from now.
     */
    void afterPending(Duration timeout, Runnable then) {
        Thread.ofVirtual().name("drain-" + instance).start(() -> {
            try {
                worker.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "({0}) MySQL steps still pending after {1} ms", instance, String.valueOf(timeout.toMillis()));
            }
            then.run();
        });
    }

    @Override
    public void close() {
        closed = true;
        failbackWatch.interrupt();
        observer.interrupt();
        worker.shutdown();
    }
}
