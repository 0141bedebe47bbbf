package io.tandem.daemon;

import io.tandem.mysql.CatchUp;
import io.tandem.mysql.CatchUpResult;
import io.tandem.mysql.FenceReport;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.mysql.ServerInspector;
import io.tandem.vrrp.InstanceState;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code tandem switchover}: a planned move of the write VIP to the other master, in the order
 * that keeps DESIGN S3 (at most one writable master) and loses no acknowledged write:
 * <ol>
 *   <li>check the target: it answers, is fenced by its own Tandem, replicates with both threads
 *       running, lags at most {@code max-lag};</li>
 *   <li>fence this master: read-only, client sessions ended (writes stop here);</li>
 *   <li>wait until the target has applied this master's last transaction (its GTID position),
 *       at most {@code wait}; if it does not, writes come back on here and nothing moved;</li>
 *   <li>step down ({@link InstanceRuntime#resign}): priority 0, so the target takes over at once,
 *       and this node stays below it until it is MASTER again;</li>
 *   <li>wait until the target's Tandem has made it writable (it fences the old master, checks the
 *       catch-up, then opens writes, as in any takeover).</li>
 * </ol>
 * The target is made writable by its own Tandem as it becomes MASTER rather than from here, so
 * that no node is writable without holding the VIP. Runs on the calling thread (a control
 * client), never on the control loop; one switchover at a time.
 */
final class Switchover {
    private static final System.Logger LOG = System.getLogger(Switchover.class.getName());
    static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(5);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private final VrrpEngine engine;
    private final ControlRequest request;
    private final StringBuilder report = new StringBuilder();
    private final long start = System.nanoTime();
    private long stepStart = start;

    private Switchover(VrrpEngine engine, ControlRequest request) {
        this.engine = engine;
        this.request = request;
    }

    static Operations.Outcome run(VrrpEngine engine, ControlRequest request) {
        if (engine.loop().onLoop()) {
            throw new IllegalStateException("a switchover waits for the control loop; it cannot run on it");
        }
        if (!RUNNING.compareAndSet(false, true)) {
            return Operations.Outcome.refused("a switchover is already running");
        }
        try {
            return new Switchover(engine, request).go();
        } catch (Refused r) {
            LOG.log(Level.WARNING, "switchover refused: {0}", r.getMessage());
            return Operations.Outcome.refused(r.getMessage());
        } finally {
            RUNNING.set(false);
        }
    }

    /** What the loop says about the instance to switch over. */
    private record Selected(String name, InstanceRuntime runtime, WriteGuard guard, Duration advertInterval) {}

    private static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    private Operations.Outcome go() {
        Duration maxLag = seconds("max-lag", DEFAULT_MAX_LAG);
        Duration wait = seconds("wait", DEFAULT_WAIT);
        Selected s = onLoop(this::select);
        MysqlEndpoint local = s.guard().local();
        MysqlEndpoint target = s.guard().peer().orElseThrow();
        request.option("to").ifPresent(to -> checkTarget(to, target, s));
        report.append("switchover of ").append(s.name()).append(": ").append(local).append(" -> ").append(target).append('\n');
        LOG.log(Level.INFO, "({0}) switchover to {1} requested", s.name(), target);

        Optional<String> problem = s.guard().switchoverTargetProblem(maxLag);
        if (problem.isPresent()) {
            throw new Refused(problem.get() + "; nothing changed");
        }
        step("checked the target", "fenced, replicating, lag within " + maxLag.toSeconds() + " s");

        long writesStopped = System.nanoTime();
        FenceReport fenced = s.guard().fenceForSwitchover();
        if (!fenced.ok()) {
            String back = reopen(s);
            throw new Refused("could not fence this master: " + fenced.summary() + "; " + back);
        }
        step("fenced this master", fenced.summary());

        CatchUpResult caught = CatchUp.await(target, Optional.of(local), wait);
        if (!caught.caughtUp()) {
            String back = reopen(s);
            throw new Refused("the target did not apply this master's position within " + wait.toSeconds() + " s ("
                    + caught.summary() + "); " + back);
        }
        step("target caught up", caught.summary());

        boolean resigned = onLoop(() -> s.runtime().resign(target.host()));
        if (!resigned) {
            throw new Refused("this instance is no longer MASTER; nothing was handed over (see the log)");
        }
        step("handed over the VIP", "priority 0 sent; the VIP goes once the fence is confirmed");

        long deadline = System.nanoTime() + wait.toNanos() + s.advertInterval().multipliedBy(4).toNanos();
        Optional<String> lastError = awaitWritable(target, deadline);
        long pause = System.nanoTime() - writesStopped;
        if (lastError.isPresent()) {
            String text = report + "error: the target has not become writable within "
                    + Duration.ofNanos(deadline - stepStart).toMillis() + " ms (" + lastError.get() + "); if it does not take"
                    + " over, this node takes the VIP back when its Master_Down_Timer expires\n";
            LOG.log(Level.ERROR, "({0}) switchover: {1}", s.name(), text.strip());
            return new Operations.Outcome(false, text);
        }
        step("target is writable", "its Tandem took the VIP and opened writes");
        report.append(String.format("done in %d ms; writes were paused for %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis(),
                Duration.ofNanos(pause).toMillis()));
        LOG.log(Level.INFO, "({0}) switchover done: {1}", s.name(), report.toString().strip().replace('\n', ';'));
        return Operations.Outcome.done(report.toString());
    }

    /** Loop thread: the instance to switch over, or why not. */
    private Selected select() {
        if (engine.maintenance().on()) {
            throw new Refused("maintenance is on: the placement is held ('tandem maintenance off' first)");
        }
        List<String> guarded = engine.guardedInstances();
        String name = request.word(0).orElseGet(() -> {
            if (guarded.size() == 1) {
                return guarded.getFirst();
            }
            throw new Refused(guarded.isEmpty() ? "no vrrp_instance has a mysql {} block; switchover moves a write VIP"
                    : "say which instance: " + String.join(", ", guarded));
        });
        InstanceRuntime r = engine.instances().get(name);
        if (r == null) {
            throw new Refused("no vrrp_instance " + name + (guarded.isEmpty() ? "" : " (with mysql {}: " + String.join(", ", guarded) + ")"));
        }
        WriteGuard g = engine.guard(name).orElseThrow(() -> new Refused(name + " has no mysql {} block; switchover moves a write VIP"));
        if (engine.inSyncGroup(name)) {
            throw new Refused(name + " is in a vrrp_sync_group; switchover of sync groups is not supported");
        }
        if (!g.settings().fence()) {
            throw new Refused(name + " has fencing turned off (fence off); a switchover without fencing is not safe");
        }
        if (g.peer().isEmpty()) {
            throw new Refused(name + "'s mysql {} block names no peer; switchover needs the other master");
        }
        if (!(r.state() instanceof InstanceState.Master)) {
            String where = r.lastHeardFrom().map(a -> "; the master is " + a + ": run the switchover there").orElse("");
            throw new Refused("this node is " + r.state().label() + " for " + name + where);
        }
        return new Selected(name, r, g, r.config().advertInterval());
    }

    private static void checkTarget(String to, MysqlEndpoint target, Selected s) {
        if (to.equals(target.host()) || s.runtime().config().unicastPeers().stream().anyMatch(a -> a.getHostAddress().equals(to))) {
            return;
        }
        try {
            InetAddress want = InetAddress.getByName(to);
            if (want.equals(InetAddress.getByName(target.host()))) {
                return;
            }
        } catch (UnknownHostException e) {
            throw new Refused("cannot resolve --to " + to + ": " + e.getMessage());
        }
        throw new Refused(to + " is not the other master of " + s.name() + " (that is " + target.host() + ")");
    }

    /** Polls the target until it is writable; empty then, else the last thing it said. */
    private static Optional<String> awaitWritable(MysqlEndpoint target, long deadline) {
        String last = "not yet writable";
        while (System.nanoTime() - deadline < 0) {
            try {
                if (ServerInspector.inspect(target, false).writable()) {
                    return Optional.empty();
                }
                last = "still read-only";
            } catch (SQLException e) {
                last = target.scrub(String.valueOf(e.getMessage()));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        }
        return Optional.of(last);
    }

    private String reopen(Selected s) {
        try {
            return s.guard().reopenAfterSwitchover().map(r -> r.ok() ? "writes are back on here" : "writes could not be turned back on here: "
                    + r.summary()).orElse("this instance is no longer MASTER, so writes stay off here");
        } catch (RuntimeException e) {
            return "writes could not be turned back on here: " + e.getMessage();
        }
    }

    private void step(String what, String detail) {
        long now = System.nanoTime();
        report.append(String.format("  %-22s %6d ms  %s%n", what, Duration.ofNanos(now - stepStart).toMillis(), detail));
        stepStart = now;
    }

    private Duration seconds(String key, Duration dflt) {
        Optional<String> v = request.option(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < 0 || n > 3600) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            throw new Refused(key + " must be a number of seconds from 0 to 3600, not '" + v.get() + "'");
        }
    }

    /** Runs {@code work} on the control loop and waits for it (2 s at most). */
    private <T> T onLoop(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        engine.loop().post(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Refused r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Refused("the control loop did not answer within 2 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }
}
