package io.tandem.proxy;

import io.tandem.config.Checker;
import io.tandem.config.MysqlCheck;
import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The state of one {@code virtual_server}'s real servers and the decisions made on it: which
 * backend a new connection gets ({@link #pick}), and what a health report changes ({@link #report}).
 * Time is an argument (monotonic nanoseconds), so the whole policy is tested without clocks or sockets.
 * Thread-safe: event loops pick and release, checkers report, all under this object's lock.
 *
 * <p>Rules, keepalived's unless said otherwise: a real server is up when all its checkers pass
 * (they start passing, as keepalived's without {@code alpha}); weight 0 or {@code inhibit_on_failure}
 * takes no new connections but keeps the open ones, a failed server without it has its connections
 * closed; {@code uthreshold}/{@code lthreshold} limit active connections as IPVS does; below
 * {@code quorum} (sum of available weights) new connections go to the {@code sorry_server}, as they
 * do when nothing is available. When every backend that could take a connection is at its
 * {@code uthreshold}, that is busy, not down: with a queue ({@link VirtualServer#queueTimeout},
 * haproxy's way) {@link #pick} finds nothing and {@link #full} says a slot will free up, so the
 * client waits for it and goes to the sorry server only when its wait runs out. Tandem's lag rule: a replica whose {@code MYSQL_CHECK max_lag} is
 * exceeded (or whose lag is unknown) leaves, and returns only at half of it; when every lag-checked
 * replica lags, the least-lagging ones stay.
 *
 * <p>An operator may also <em>drain</em> a backend ({@link #drain}), as haproxy's {@code set server
 * ... state drain} does: an administrative state kept apart from health. In haproxy (management
 * guide, {@code set server}) a drained server leaves load balancing, yet is still health-checked and
 * still takes new connections that persistence sends it. So here: no scheduler picks a drained
 * backend and it adds nothing to {@code quorum} (as if its weight were 0, which is how haproxy
 * drains); its open connections run on; its checkers keep running and its health changes as before
 * (drained, down, up again: still drained); a client whose {@code persistence_timeout} entry points
 * at it still goes there while that entry lives, as with haproxy's stick tables and IPVS's
 * persistence templates (a weight-0 server keeps them under the default
 * {@code expire_quiescent_template 0}). A reload that keeps the real server keeps the drain; a new
 * pool (a daemon restart) starts undrained: the drain is not saved anywhere.
 */
public final class BackendPool {
    /** Persistence entries are swept for expiry once per this many picks. */
    static final int SWEEP_EVERY = 1024;

    private VirtualServer service;
    private Scheduler scheduler;
    private List<Backend> backends = new ArrayList<>();
    private final Map<Integer, Backend> byId = new HashMap<>();
    private int nextId;
    private long persistenceNanos;
    private final Map<String, Persisted> persisted = new HashMap<>();
    private boolean quorumUp;
    private List<Integer> held = List.of();
    private int picks;

    private record Persisted(int backend, long expires) {}

    private static final class Backend {
        final int id;
        RealServer server;
        final long key;
        Health[] checks;
        int lagChecker;
        long maxLag;
        int dynamicWeight = -1;
        boolean lagReported;
        boolean lagging;
        boolean available;
        boolean overloaded;
        boolean drained;
        int active;
        long total;
        String lastCheck = "not checked yet";
        java.time.Duration lastCheckTook = java.time.Duration.ZERO;

        Backend(int id, RealServer server) {
            this.id = id;
            this.key = SourceHash.mix(((long) server.address().hashCode() << 16) ^ server.port());
            configure(server, false);
            this.available = checksUp(); // a new backend starts as its checkers do, without an event (keepalived's start)
        }

        /**
         * Takes {@code server}'s checkers afresh: up unless {@code alpha} (keepalived starts alpha
         * checkers failed), or down when {@code stayDown} (keepalived does not re-add a failed server on reload).
         */
        void configure(RealServer server, boolean stayDown) {
            this.server = server;
            this.checks = new Health[server.checkers().size()];
            for (int i = 0; i < checks.length; i++) {
                checks[i] = stayDown ? Health.down("down before the reload; not checked since")
                        : server.timings().get(i).alpha() ? Health.down("alpha: not checked yet") : Health.up("not checked yet");
            }
            this.dynamicWeight = -1;
            this.lagReported = false;
            this.lagging = false;
            int lag = -1;
            long max = -1;
            for (int i = 0; i < server.checkers().size(); i++) {
                Checker c = server.checkers().get(i);
                if (c instanceof MysqlCheck m && m.maxLag().isPresent() && lag < 0) {
                    lag = i;
                    max = m.maxLag().get().toSeconds();
                }
            }
            this.lagChecker = lag;
            this.maxLag = max;
        }

        int weight() {
            return dynamicWeight >= 0 ? dynamicWeight : server.weight();
        }

        boolean checksUp() {
            for (Health h : checks) {
                if (!h.up()) {
                    return false;
                }
            }
            return true;
        }

        OptionalLong lag() {
            return lagChecker < 0 ? OptionalLong.empty() : checks[lagChecker].lagSeconds();
        }

        long lagRank() {
            return lag().orElse(Long.MAX_VALUE);
        }

        /**
         * Whether a backend full at its {@code uthreshold} takes new connections again, as IPVS
         * decides it (ip_vs_unbind_dest): below {@code lthreshold}; without one, below three
         * quarters of the upper threshold, counted exactly (active * 4 < upper * 3), so that
         * {@code uthreshold 1} resumes at 0 active and not never.
         */
        boolean mayResume() {
            int upper = server.upperThreshold();
            int lower = server.lowerThreshold();
            return lower > 0 ? active < Math.min(lower, upper) : (long) active * 4 < (long) upper * 3;
        }
    }

    /** The backends get ids 0, 1, ... in the order of the configuration; later ones (see {@link #update}) count on. */
    public BackendPool(VirtualServer service) {
        this.service = service;
        for (RealServer rs : service.realServers()) {
            Backend b = new Backend(nextId++, rs);
            backends.add(b);
            byId.put(b.id, b);
        }
        this.scheduler = Scheduler.of(service.lbAlgo());
        this.persistenceNanos = service.persistenceTimeout().map(d -> d.toNanos()).orElse(0L);
        recompute();
    }

    /**
     * What {@link #update} did.
     *
     * @param restarted backends that stay (same address and port) with changed settings: their checkers start afresh
     * @param added     new backends
     * @param removed   backends gone from the configuration: they get no new connections; their open ones stay
     * @param events    availability and quorum changes it caused
     */
    public record Update(List<Integer> restarted, List<Integer> added, List<RealServer> removed, List<PoolEvent> events) {}

    /**
     * Applies a changed configuration of this virtual server in place (SIGHUP): a real server that
     * stays with the same settings keeps its id, state, drain and connections; one with the same address
     * and port but other settings keeps its id, drain and connections, and its checkers start afresh (as
     * at start-up: up unless alpha, but one that was down stays down until they pass); new ones are
     * added as at start-up, missing ones removed. Scheduler,
     * quorum, sorry server and persistence follow the new settings.
     */
    public synchronized Update update(VirtualServer next) {
        Map<String, Backend> old = new HashMap<>();
        backends.forEach(b -> old.put(b.server.name(), b));
        List<Backend> now = new ArrayList<>();
        List<Integer> restarted = new ArrayList<>();
        List<Integer> added = new ArrayList<>();
        for (RealServer rs : next.realServers()) {
            Backend b = old.remove(rs.name());
            if (b == null) {
                b = new Backend(nextId++, rs);
                byId.put(b.id, b);
                added.add(b.id);
            } else if (!sameSettings(b.server, rs)) {
                b.configure(rs, !b.available);
                restarted.add(b.id);
            } else {
                b.server = rs; // same settings, maybe another line
            }
            now.add(b);
        }
        List<RealServer> removed = new ArrayList<>();
        for (Backend b : old.values()) {
            byId.remove(b.id);
            removed.add(b.server);
            persisted.values().removeIf(p -> p.backend == b.id);
        }
        backends = now;
        if (!next.lbAlgo().equals(service.lbAlgo())) {
            scheduler = Scheduler.of(next.lbAlgo());
        }
        service = next;
        persistenceNanos = next.persistenceTimeout().map(d -> d.toNanos()).orElse(0L);
        if (persistenceNanos == 0) {
            persisted.clear();
        }
        return new Update(restarted, added, removed, recompute());
    }

    /** Equal but for source locations (an edit elsewhere in the file moves lines). */
    static boolean sameSettings(RealServer a, RealServer b) {
        return withoutLocations(a).equals(withoutLocations(b));
    }

    private static String withoutLocations(Record r) {
        return r.toString().replaceAll("at=[^,\\]]*", "at=");
    }

    public synchronized VirtualServer service() {
        return service;
    }

    public synchronized int size() {
        return backends.size();
    }

    /** The ids of the current backends, in the configuration's order. */
    public synchronized List<Integer> ids() {
        return backends.stream().map(b -> b.id).toList();
    }

    /** The real server with id {@code backend}; it must be current. */
    public synchronized RealServer server(int backend) {
        return backend(backend).server;
    }

    private Backend backend(int id) {
        Backend b = byId.get(id);
        if (b == null) {
            throw new IllegalArgumentException("no backend " + id);
        }
        return b;
    }

    /**
     * Chooses where a new connection from {@code clientIp} goes and counts it as active there.
     *
     * @param tried backends that already refused this connection (not chosen again)
     * @return empty when nothing can take it (no backend, no sorry server)
     */
    public synchronized Optional<Target> pick(String clientIp, long nowNanos, java.util.Collection<Integer> tried) {
        if (++picks % SWEEP_EVERY == 0) {
            sweep(nowNanos);
        }
        if (!quorumUp) {
            return sorry(tried);
        }
        int chosen = -1;
        if (persistenceNanos > 0) {
            Persisted p = persisted.get(clientIp);
            if (p != null && p.expires - nowNanos > 0 && pickable(byId.get(p.backend)) && !tried.contains(p.backend)) {
                chosen = p.backend;
            }
        }
        if (chosen < 0) {
            List<Candidate> candidates = new ArrayList<>(backends.size());
            for (Backend b : backends) {
                if (pickable(b) && !b.drained && !tried.contains(b.id)) {
                    candidates.add(new Candidate(b.id, b.key, b.weight(), b.active));
                }
            }
            if (candidates.isEmpty()) {
                // busy is not down: with a queue, a client waits for a slot instead of the sorry server
                return service.queueTimeout().isPositive() && full(tried) ? Optional.empty() : sorry(tried);
            }
            chosen = candidates.get(scheduler.pick(candidates, SourceHash.mix(clientIp.hashCode()))).id();
        }
        Backend b = byId.get(chosen);
        b.active++;
        b.total++;
        if (b.server.upperThreshold() > 0 && b.active >= b.server.upperThreshold()) {
            b.overloaded = true;
        }
        if (persistenceNanos > 0) {
            persisted.put(clientIp, new Persisted(chosen, nowNanos + persistenceNanos));
        }
        return Optional.of(new Target(chosen, b.server.address(), b.server.port()));
    }

    /**
     * True when a backend not in {@code tried} would take a new connection but for its
     * {@code uthreshold}: a slot frees up when one of its connections ends (the queue's case).
     */
    public synchronized boolean full(java.util.Collection<Integer> tried) {
        if (!quorumUp) {
            return false;
        }
        for (Backend b : backends) {
            if (b.overloaded && b.available && b.weight() > 0 && !b.drained && !tried.contains(b.id)) {
                return true;
            }
        }
        return false;
    }

    /** The sorry server, unless {@code tried} has it: where a client goes whose wait in the queue ran out. */
    public synchronized Optional<Target> lastResort(java.util.Collection<Integer> tried) {
        return sorry(tried);
    }

    private Optional<Target> sorry(java.util.Collection<Integer> tried) {
        return service.sorryServer().filter(s -> !tried.contains(Target.SORRY))
                .map(s -> new Target(Target.SORRY, s.address(), s.port()));
    }

    private static boolean pickable(Backend b) {
        return b != null && b.available && !b.overloaded && b.weight() > 0;
    }

    /** A connection to {@code backend} ended (or never opened); persistence lasts its timeout from now. */
    public synchronized void release(int backend, String clientIp, long nowNanos) {
        Backend b = byId.get(backend);
        if (b == null) { // the sorry server, or a backend removed by a reload
            return;
        }
        b.active = Math.max(0, b.active - 1);
        if (b.overloaded && b.mayResume()) {
            b.overloaded = false;
        }
        if (persistenceNanos > 0) {
            Persisted p = persisted.get(clientIp);
            if (p != null && p.backend == backend) {
                persisted.put(clientIp, new Persisted(backend, nowNanos + persistenceNanos));
            }
        }
    }

    /** A connect to {@code backend} failed: it is not counted as a connection. */
    public synchronized void connectFailed(int backend) {
        Backend b = byId.get(backend);
        if (b != null) {
            b.active = Math.max(0, b.active - 1);
            b.total = Math.max(0, b.total - 1);
            if (b.overloaded && b.mayResume()) {
                b.overloaded = false;
            }
        }
    }

    private void sweep(long nowNanos) {
        for (Iterator<Persisted> it = persisted.values().iterator(); it.hasNext(); ) {
            if (it.next().expires - nowNanos <= 0) {
                it.remove();
            }
        }
    }

    /** Checker {@code checker} of {@code backend} found {@code health}; returns what changed. */
    public synchronized List<PoolEvent> report(int backend, int checker, Health health) {
        Backend b = byId.get(backend);
        if (b == null || checker >= b.checks.length) { // a late report of a checker a reload removed
            return List.of();
        }
        b.checks[checker] = health;
        b.lagReported |= checker == b.lagChecker;
        b.lastCheck = health.detail();
        b.lastCheckTook = health.elapsed();
        List<PoolEvent> events = new ArrayList<>();
        if (health.weight().isPresent() && health.weight().getAsInt() != b.weight()) {
            b.dynamicWeight = health.weight().getAsInt();
            events.add(new PoolEvent.WeightChanged(b.server, b.dynamicWeight));
        }
        events.addAll(recompute());
        return events;
    }

    private List<PoolEvent> recompute() {
        List<PoolEvent> events = new ArrayList<>();
        // lag with hysteresis: out above max_lag (or unknown), back in at half of it
        List<Backend> lagChecked = new ArrayList<>();
        for (Backend b : backends) {
            if (b.lagChecker < 0 || !b.checksUp()) {
                continue;
            }
            lagChecked.add(b);
            if (!b.lagReported) {
                continue; // lag is judged from the first real report on; starting replicas are presumed in sync
            }
            OptionalLong lag = b.lag();
            if (lag.isEmpty() || lag.getAsLong() > b.maxLag) {
                b.lagging = true;
            } else if (b.lagging && lag.getAsLong() <= b.maxLag / 2) {
                b.lagging = false;
            }
        }
        // never all at once: when every lag-checked replica lags, the least-lagging stay
        List<Integer> hold = new ArrayList<>();
        if (!lagChecked.isEmpty() && lagChecked.stream().allMatch(b -> b.lagging)) {
            long min = lagChecked.stream().mapToLong(Backend::lagRank).min().orElseThrow();
            lagChecked.stream().filter(b -> b.lagRank() == min).forEach(b -> hold.add(b.id));
        }
        if (!hold.equals(held)) {
            held = List.copyOf(hold);
            List<RealServer> kept = hold.stream().map(i -> byId.get(i).server).toList();
            events.add(new PoolEvent.LagHold(kept, hold.isEmpty() ? "a replica is within max_lag again; the lag rule applies"
                    : "every replica lags; keeping the least-lagging " + describe(hold)));
        }
        int weight = 0;
        for (Backend b : backends) {
            boolean checksUp = b.checksUp();
            boolean now = checksUp && (!b.lagging || held.contains(b.id) || b.lagChecker < 0);
            if (now != b.available) {
                b.available = now;
                if (now) {
                    events.add(new PoolEvent.BackendUp(b.id, b.server, b.lastCheck));
                } else {
                    String why = !checksUp ? b.lastCheck : "lag " + b.lag().stream().mapToObj(l -> l + " s").findFirst()
                            .orElse("unknown") + ", max_lag " + b.maxLag + " s";
                    events.add(new PoolEvent.BackendDown(b.id, b.server, why, !b.server.inhibitOnFailure()));
                }
            }
            if (b.available && !b.drained) {
                weight += b.weight();
            }
        }
        boolean quorum = weight >= service.quorum();
        if (quorum != quorumUp) {
            quorumUp = quorum;
            events.add(quorum ? new PoolEvent.QuorumUp(weight, service.quorum()) : new PoolEvent.QuorumDown(weight, service.quorum()));
        }
        return events;
    }

    private String describe(List<Integer> ids) {
        StringBuilder s = new StringBuilder();
        for (int i : ids) {
            Backend b = byId.get(i);
            s.append(s.isEmpty() ? "" : ", ").append(b.server.address()).append(':').append(b.server.port()).append(" (lag ")
                    .append(b.lag().stream().mapToObj(l -> l + " s").findFirst().orElse("unknown")).append(')');
        }
        return s.toString();
    }

    /**
     * What {@link #drain} found and did.
     *
     * @param changed    false when the backend already was in the state asked for
     * @param active     its open connections (they run on)
     * @param persistent clients whose persistence entry points at it (they may still connect while it lives)
     * @param available  its checkers pass (a ready backend that is down takes connections once they do)
     * @param lastCheck  its last checker's result
     * @param events     quorum changes the drain caused
     */
    public record Drain(boolean changed, int active, int persistent, boolean available, String lastCheck, List<PoolEvent> events) {}

    /**
     * Drains {@code backend} ({@code on}) or ends its drain (haproxy's {@code state drain} and
     * {@code state ready}); see the class comment for what a drained backend still does. Nothing
     * is closed here.
     */
    public synchronized Drain drain(int backend, boolean on, long nowNanos) {
        Backend b = backend(backend);
        boolean changed = b.drained != on;
        b.drained = on;
        List<PoolEvent> events = changed ? recompute() : List.of();
        int persistent = 0;
        for (Persisted p : persisted.values()) {
            if (p.backend == backend && p.expires - nowNanos > 0) {
                persistent++;
            }
        }
        return new Drain(changed, b.active, persistent, b.available, b.lastCheck, events);
    }

    /** True while an operator has {@code backend} drained. */
    public synchronized boolean drained(int backend) {
        Backend b = byId.get(backend);
        return b != null && b.drained;
    }

    public synchronized boolean quorumUp() {
        return quorumUp;
    }

    public synchronized boolean available(int backend) {
        Backend b = byId.get(backend);
        return b != null && b.available;
    }

    /** True when {@code backend} failed and its connections must go (it is down without {@code inhibit_on_failure}). */
    public synchronized boolean dropsConnections(int backend) {
        if (backend == Target.SORRY) {
            return false; // the last resort is not checked: its connections stay
        }
        Backend b = byId.get(backend);
        return b == null || (!b.available && !b.server.inhibitOnFailure());
    }

    public synchronized List<BackendStatus> status() {
        List<BackendStatus> out = new ArrayList<>();
        for (Backend b : backends) {
            out.add(new BackendStatus(b.id, b.server, b.available, b.overloaded, b.drained, b.lagging, b.weight(), b.active, b.total, b.lag(),
                    b.lastCheck, b.lastCheckTook, 0, 0));
        }
        return out;
    }
}
