package io.tandem.mysql;

import io.tandem.mysql.CatchUpResult.Basis;
import io.tandem.mysql.CatchUpResult.Outcome;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catching up with the other master, in the two places the switch needs it.
 *
 * <p>A <b>new master</b> turns writes on only after it has applied everything the old master had
 * ({@link #await}): when the old master is reachable, it first waits until that server is fenced
 * (read-only, so its position stops moving), reads its binary log position ({@code gtid_binlog_pos}
 * or {@code gtid_executed}) and waits for it with {@code MASTER_GTID_WAIT} or
 * {@code WAIT_FOR_EXECUTED_GTID_SET}; when it is not reachable, it waits until the SQL thread has
 * applied everything the IO thread had received.
 *
 * <p>A <b>returning master</b> reclaims the VIP only when {@link #failback} says it has caught up;
 * the decision itself is the pure {@link #caughtUp}.
 *
 * <p>Every call is blocking, bounded by its timeout, and never throws for server trouble.
 */
public final class CatchUp {
    private static final Duration POLL = Duration.ofMillis(20);
    /** How long a returning master may take to apply the position the current master had when asked. */
    static final Duration FAILBACK_SETTLE = Duration.ofMillis(400);
    private static final Duration FENCE_POLL = Duration.ofMillis(50);
    private static final Duration WAIT_SLICE = Duration.ofMillis(500);
    private static final Duration SLACK = Duration.ofMillis(50);

    private CatchUp() {}

    /**
     * Waits until {@code local} has applied what {@code oldMaster} had (see the class comment).
     *
     * @param oldMaster empty when there is none to ask; an unreachable one counts as empty
     * @param timeout   bounds the whole call, connecting to both servers included
     */
    public static CatchUpResult await(MysqlEndpoint local, Optional<MysqlEndpoint> oldMaster, Duration timeout) {
        return new Wait(local, timeout).run(oldMaster);
    }

    /** One {@link #await} call: its deadline and steps. */
    private static final class Wait {
        private final MysqlEndpoint local;
        private final long start = System.nanoTime();
        private final long deadline;
        private final Duration timeout;
        private final List<Step> steps = new ArrayList<>();
        private Basis basis = Basis.RELAY_LOG;
        private String waitedFor = "";

        Wait(MysqlEndpoint local, Duration timeout) {
            this.local = local;
            this.timeout = timeout;
            this.deadline = start + timeout.toNanos();
        }

        CatchUpResult run(Optional<MysqlEndpoint> oldMaster) {
            Optional<String> target = Optional.empty();
            if (oldMaster.isPresent()) {
                try {
                    target = oldMasterPosition(oldMaster.get());
                } catch (Ended e) {
                    return e.result;
                }
            }
            long t = System.nanoTime();
            try (ServerSession s = ServerSession.open(local, deadline)) {
                return target.isPresent() ? gtidWait(s, target.get()) : relayWait(s);
            } catch (SQLException e) {
                boolean late = e instanceof SQLTimeoutException || late();
                String why = ServerSession.describe(local, e);
                step("wait on " + local, t, false, why);
                return result(late ? Outcome.TIMED_OUT : Outcome.FAILED, "local server: " + why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(Outcome.FAILED, "interrupted");
            }
        }

        /**
         * Waits until the old master is read-only and returns its binary log position; empty when it
         * cannot be reached (then the relay log decides).
         */
        private Optional<String> oldMasterPosition(MysqlEndpoint old) throws Ended {
            long t = System.nanoTime();
            boolean connected = false;
            try (ServerSession p = ServerSession.open(old, deadline)) {
                step("connect old master " + old, t, true, "");
                connected = true;
                t = System.nanoTime();
                while (true) {
                    Map<String, String> row = p.rows(p.flavour().readOnlyQuery()).getFirst();
                    if ("1".equals(row.get("ro"))) {
                        step("old master fenced", t, true, "read_only=ON");
                        break;
                    }
                    if (!sleep(FENCE_POLL)) {
                        step("old master fenced", t, false, "still writable");
                        throw new Ended(result(Outcome.TIMED_OUT, "the old master " + old + " is reachable but still writable after "
                                + timeout.toMillis() + " ms"));
                    }
                }
                t = System.nanoTime();
                String position = p.value("SELECT @@global." + p.flavour().gtidBinlogVariable()).orElse("");
                step("old master position", t, true, p.flavour().gtidBinlogVariable() + "=" + position);
                basis = Basis.OLD_MASTER_POSITION;
                waitedFor = position;
                return Optional.of(position);
            } catch (SQLException e) {
                boolean late = late();
                if (connected && late) {
                    step("old master fenced", t, false, "no answer by the deadline");
                    throw new Ended(result(Outcome.TIMED_OUT, "the old master " + old + " was reachable but not fenced within "
                            + timeout.toMillis() + " ms: " + ServerSession.describe(old, e)));
                }
                step("old master " + old, t, false, "unreachable: " + ServerSession.describe(old, e));
                if (late) {
                    throw new Ended(result(Outcome.TIMED_OUT, "no time left after trying the old master"));
                }
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Ended(result(Outcome.FAILED, "interrupted"));
            }
        }

        private CatchUpResult gtidWait(ServerSession s, String target) throws SQLException, InterruptedException {
            long t = System.nanoTime();
            Flavour f = s.flavour();
            String missing;
            if (f == Flavour.MARIADB) {
                GtidPosition have = GtidPosition.parse(s.value("SELECT @@global.gtid_binlog_pos").orElse(""))
                        .union(GtidPosition.parse(s.value("SELECT @@global.gtid_slave_pos").orElse("")));
                missing = GtidPosition.parse(target).missingFrom(have).toString();
            } else {
                missing = s.value("SELECT GTID_SUBTRACT(?, @@global.gtid_executed)", target).orElse("");
            }
            if (missing.isEmpty()) {
                step("apply", t, true, "already applied");
                return result(Outcome.CAUGHT_UP, "already applied");
            }
            while (true) {
                Optional<String> sqlError = s.replicaRow().flatMap(row -> f.replicaLink(row).sqlError());
                if (sqlError.isPresent()) {
                    step("apply", t, false, "SQL thread error");
                    return result(Outcome.FAILED, "replication SQL error: " + sqlError.get());
                }
                // the wait ends a little before the deadline, so that the server says "not yet" before the
                // driver's network timeout (set to the deadline) closes the connection
                long sliceMs = Math.min(WAIT_SLICE.toMillis(), s.left().toMillis() - SLACK.toMillis());
                if (sliceMs <= 0) {
                    break;
                }
                Object seconds = f == Flavour.MARIADB ? (Object) (sliceMs / 1000.0) : (Object) Math.max(1, (sliceMs + 999) / 1000);
                String r = s.value(f.gtidWaitQuery(), missing, seconds).orElse(null);
                if (f.gtidWaitReached(r)) {
                    step("apply", t, true, "reached " + missing);
                    return result(Outcome.CAUGHT_UP, "applied");
                }
            }
            step("apply", t, false, "not reached");
            return result(Outcome.TIMED_OUT, "still lacking part of " + missing + " at the deadline; "
                    + s.replicaRow().map(row -> f.replicaLink(row).summary()).orElse("not a replica"));
        }

        private CatchUpResult relayWait(ServerSession s) throws SQLException, InterruptedException {
            long t = System.nanoTime();
            Flavour f = s.flavour();
            while (true) {
                Optional<Map<String, String>> row = s.replicaRow();
                if (row.isEmpty()) {
                    step("apply relay log", t, true, "not a replica");
                    return result(Outcome.CAUGHT_UP, "not a replica: nothing received to apply");
                }
                ReplicaLink link = f.replicaLink(row.get());
                if (link.sqlError().isPresent()) {
                    step("apply relay log", t, false, "SQL thread error");
                    return result(Outcome.FAILED, "replication SQL error: " + link.sqlError().get());
                }
                Optional<RelayProgress> progress = f.relayProgress(row.get());
                waitedFor = progress.map(RelayProgress::toString).orElse("unknown relay position");
                if (progress.isPresent() && progress.get().applied()) {
                    step("apply relay log", t, true, waitedFor);
                    return result(Outcome.CAUGHT_UP, "applied");
                }
                if (!sleep(POLL)) {
                    step("apply relay log", t, false, waitedFor);
                    return result(Outcome.TIMED_OUT, "relay log not applied at the deadline; " + link.summary());
                }
            }
        }

        /** The deadline has passed, or is so near that a network timeout set to it has fired. */
        private boolean late() {
            return System.nanoTime() - (deadline - SLACK.toNanos()) >= 0;
        }

        /** Sleeps up to {@code d} but not past the deadline; false when the deadline has passed. */
        private boolean sleep(Duration d) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, d.toNanos())));
            return deadline - System.nanoTime() > 0;
        }

        private void step(String name, long startedAt, boolean ok, String detail) {
            steps.add(new Step(name, Duration.ofNanos(System.nanoTime() - startedAt), ok, detail));
        }

        private CatchUpResult result(Outcome outcome, String detail) {
            return new CatchUpResult(outcome, basis, waitedFor, Duration.ofNanos(System.nanoTime() - start), detail, steps);
        }
    }

    /** Ends a wait early with its result. */
    private static final class Ended extends Exception {
        final transient CatchUpResult result;

        Ended(CatchUpResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /**
     * Reads the returning master ({@code local}) and, if reachable, the current master, and decides
     * with {@link #caughtUp}. Meant for a periodic check that lowers the effective priority while the
     * verdict is not {@link FailbackVerdict.CaughtUp}.
     *
     * @param timeout bounds the whole call
     */
    public static FailbackVerdict failback(MysqlEndpoint local, Optional<MysqlEndpoint> master, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<String> masterPosition = Optional.empty();
        if (master.isPresent()) {
            try (ServerSession m = ServerSession.open(master.get(), deadline)) {
                masterPosition = m.value("SELECT @@global." + m.flavour().gtidBinlogVariable());
            } catch (SQLException e) {
                masterPosition = Optional.empty(); // the master's position is unknown; the lag decides
            }
        }
        try (ServerSession s = ServerSession.open(local, deadline)) {
            Optional<ReplicaLink> link = s.replicaRow().map(row -> s.flavour().replicaLink(row));
            Optional<String> missing = Optional.empty();
            if (masterPosition.isPresent()) {
                // Under steady writes the master's position moves on while we look: what counts is
                // whether this server applies the position read above shortly (FAILBACK_SETTLE), not
                // whether it already has it at the instant of reading.
                long settle = Math.min(deadline - 50_000_000L, System.nanoTime() + FAILBACK_SETTLE.toNanos());
                while (true) {
                    missing = Optional.of(missing(s, masterPosition.get()));
                    if (missing.get().isEmpty() || System.nanoTime() - settle > 0) {
                        break;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            }
            return caughtUp(link, missing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FailbackVerdict.Behind("interrupted");
        } catch (SQLException | IllegalArgumentException e) {
            String why = e instanceof SQLException q ? ServerSession.describe(local, q) : e.getMessage();
            return new FailbackVerdict.Behind("cannot read the local server: " + why);
        }
    }

    /** What of {@code masterPosition} the server behind {@code s} has not applied ("" for nothing). */
    private static String missing(ServerSession s, String masterPosition) throws SQLException {
        if (s.flavour() == Flavour.MARIADB) {
            GtidPosition have = GtidPosition.parse(s.value("SELECT @@global.gtid_binlog_pos").orElse(""))
                    .union(GtidPosition.parse(s.value("SELECT @@global.gtid_slave_pos").orElse("")));
            return GtidPosition.parse(masterPosition).missingFrom(have).toString();
        }
        return s.value("SELECT GTID_SUBTRACT(?, @@global.gtid_executed)", masterPosition).orElse("");
    }

    /**
     * The failback decision (pure).
     *
     * @param link    the returning master's replication from the current master; empty when not configured
     * @param missing what of the current master's binary log this server has not applied
     *                ("" for nothing); empty when the master could not be read
     */
    public static FailbackVerdict caughtUp(Optional<ReplicaLink> link, Optional<String> missing) {
        if (link.isEmpty()) {
            return new FailbackVerdict.Broken("replication from the current master is not configured");
        }
        ReplicaLink r = link.get();
        if (r.sqlError().isPresent()) {
            return new FailbackVerdict.Broken("replication SQL thread failed: " + r.sqlError().get());
        }
        if (r.io() == ReplicaLink.IoState.STOPPED && r.ioError().isPresent()) {
            return new FailbackVerdict.Broken("replication IO thread failed: " + r.ioError().get());
        }
        if (r.io() == ReplicaLink.IoState.STOPPED) {
            return new FailbackVerdict.Behind("replication IO thread stopped");
        }
        if (!r.sqlRunning()) {
            return new FailbackVerdict.Behind("replication SQL thread stopped");
        }
        if (r.io() == ReplicaLink.IoState.CONNECTING) {
            return new FailbackVerdict.Behind("replication still connecting to " + r.sourceHost()
                    + r.ioError().map(e -> " (" + e + ")").orElse(""));
        }
        if (missing.isPresent()) {
            return missing.get().isEmpty()
                    ? new FailbackVerdict.CaughtUp("has applied the current master's whole binary log")
                    : new FailbackVerdict.Behind("has not applied " + missing.get() + " of the current master's binary log");
        }
        if (r.lagSeconds().isEmpty()) {
            return new FailbackVerdict.Behind("replication lag unknown and the current master unreadable");
        }
        return r.lagSeconds().getAsLong() == 0
                ? new FailbackVerdict.CaughtUp("0 s behind (the current master's position could not be read)")
                : new FailbackVerdict.Behind(r.lagSeconds().getAsLong() + " s behind the current master");
    }
}
