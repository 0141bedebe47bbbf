package io.tandem.mysql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a server's writes off and on. Fencing is what makes "at most one writable master" (S3)
 * true: a node that is not MASTER keeps its mysqld {@code read_only=ON} (and {@code super_read_only}
 * where the server has it, so that accounts with SUPER cannot write either), and a master that
 * leaves ends the client sessions that could still be inside a transaction before it releases
 * the VIP.
 *
 * <p>Sessions that survive: every replication thread (the dump threads feeding the other master
 * and the replicas, our own replica threads), the event scheduler and other server threads, and
 * the fencing connection itself and every other session of the fencing account (Tandem's own, from
 * either node). Everything else, idle or busy, is killed with
 * {@code KILL CONNECTION}; a session that ended meanwhile counts as gone, not as an error.
 *
 * <p>Both operations are idempotent, blocking, and bounded by their timeout (connecting and every
 * statement included); they never throw for server trouble, the report says what failed. A client
 * holding LOCK TABLES or FLUSH TABLES WITH READ LOCK blocks {@code read_only}: after one second
 * of that, fencing kills the client sessions first and then sets it (with kill_sessions off it
 * reports the block instead). On
 * MariaDB, accounts with READ_ONLY ADMIN (root, SUPER in 10.11) still write through
 * {@code read_only}: applications must not use such accounts. The fencing account needs
 * READ_ONLY ADMIN (MariaDB) or SYSTEM_VARIABLES_ADMIN (MySQL) to set the flags, and PROCESS plus
 * CONNECTION ADMIN to see and kill other sessions.
 */
public final class Fencer {
    private Fencer() {}

    /**
     * Sets {@code read_only=ON} (MySQL: {@code super_read_only=ON}, which implies it), reads the
     * flags back, then, if {@code killSessions}, kills every client session.
     */
    public static FenceReport fence(MysqlEndpoint endpoint, boolean killSessions, Duration timeout) {
        return new Run(endpoint, "fence", timeout).fence(killSessions);
    }

    /** Sets {@code read_only=OFF} (on MySQL this also turns {@code super_read_only} off) and reads the flags back. */
    public static FenceReport unfence(MysqlEndpoint endpoint, Duration timeout) {
        return new Run(endpoint, "unfence", timeout).unfence();
    }

    /** One fence or unfence: its deadline, its steps and what it found. */
    private static final class Run {
        private final MysqlEndpoint endpoint;
        private final String action;
        private final long start = System.nanoTime();
        private final long deadline;
        private final List<Step> steps = new ArrayList<>();
        private Optional<Flavour> flavour = Optional.empty();
        private boolean readOnly;
        private boolean superReadOnly;
        private int killed;
        private String current = "connect";

        Run(MysqlEndpoint endpoint, String action, Duration timeout) {
            this.endpoint = endpoint;
            this.action = action;
            this.deadline = start + timeout.toNanos();
        }

        FenceReport fence(boolean killSessions) {
            long t = System.nanoTime();
            try (ServerSession s = ServerSession.open(endpoint, deadline)) {
                flavour = Optional.of(s.flavour());
                step("connect", t, true, s.flavour() == Flavour.MARIADB ? "MariaDB " + s.version() : "MySQL " + s.version());
                t = System.nanoTime();
                String flag = s.flavour().hasSuperReadOnly() ? "super_read_only" : "read_only";
                current = flag;
                boolean killedFirst = false;
                try {
                    // a client's LOCK TABLES or FLUSH TABLES WITH READ LOCK blocks read_only: wait briefly for it
                    s.execute("SET SESSION lock_wait_timeout = " + FIRST_LOCK_WAIT_SECONDS);
                    s.execute(s.flavour().fenceStatement());
                } catch (SQLException e) {
                    if (e.getErrorCode() != LOCK_WAIT_TIMEOUT) {
                        throw e;
                    }
                    String blocked = "blocked for " + FIRST_LOCK_WAIT_SECONDS + " s by a lock a client holds"
                            + " (LOCK TABLES or FLUSH TABLES WITH READ LOCK)";
                    if (!killSessions) {
                        step(flag, t, false, blocked);
                        return report(Optional.of(flag + ": " + blocked + "; kill_sessions is off"));
                    }
                    step(flag, t, false, blocked + "; killing client sessions first");
                    t = System.nanoTime();
                    current = "kill sessions";
                    step("kill sessions", t, true, killClients(s));
                    killedFirst = true;
                    t = System.nanoTime();
                    current = flag;
                    s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, (s.left().toMillis() + 999) / 1000));
                    s.execute(s.flavour().fenceStatement());
                }
                readBack(s);
                if (!readOnly || (s.flavour().hasSuperReadOnly() && !superReadOnly)) {
                    step(current, t, false, "the server still reports writes allowed");
                    return report(Optional.of("read_only did not stick"));
                }
                step(current, t, true, "ON");
                if (killSessions && !killedFirst) {
                    t = System.nanoTime();
                    current = "kill sessions";
                    String detail = killClients(s);
                    step("kill sessions", t, true, detail);
                }
                return report(Optional.empty());
            } catch (SQLException e) {
                return failed(t, e);
            }
        }

        FenceReport unfence() {
            long t = System.nanoTime();
            try (ServerSession s = ServerSession.open(endpoint, deadline)) {
                flavour = Optional.of(s.flavour());
                step("connect", t, true, s.flavour() == Flavour.MARIADB ? "MariaDB " + s.version() : "MySQL " + s.version());
                t = System.nanoTime();
                current = "read_only";
                s.execute(s.flavour().unfenceStatement());
                readBack(s);
                if (readOnly || superReadOnly) {
                    step("read_only", t, false, "the server still reports read-only");
                    return report(Optional.of("read_only did not turn off"));
                }
                step("read_only", t, true, "OFF");
                return report(Optional.empty());
            } catch (SQLException e) {
                return failed(t, e);
            }
        }

        private void readBack(ServerSession s) throws SQLException {
            Map<String, String> row = s.rows(s.flavour().readOnlyQuery()).getFirst();
            readOnly = "1".equals(row.get("ro"));
            superReadOnly = "1".equals(row.get("sro"));
        }

        /** Kills every session that {@link Flavour#keepsSession} does not keep; returns what it did. */
        private String killClients(ServerSession s) throws SQLException {
            List<Map<String, String>> sessions = s.rows(
                    "SELECT ID AS id, USER AS user, HOST AS host, COMMAND AS command FROM information_schema.PROCESSLIST"
                            + " WHERE ID <> CONNECTION_ID()");
            int kept = 0;
            int gone = 0;
            List<String> names = new ArrayList<>();
            for (Map<String, String> row : sessions) {
                // Tandem's own account (both nodes' checks and fences use it) is no application's:
                // it bypasses read_only, so applications must not use it, and killing it would only
                // break the other node's fence in the middle of a switch.
                if (s.flavour().keepsSession(row.get("user"), row.get("command")) || endpoint.user().equals(row.get("user"))) {
                    kept++;
                    continue;
                }
                try {
                    s.execute("KILL CONNECTION " + Long.parseLong(row.get("id")));
                    killed++;
                    if (names.size() < 5) {
                        names.add(row.get("id") + " " + row.get("user") + "@" + hostOnly(row.get("host")));
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != UNKNOWN_THREAD) {
                        throw e;
                    }
                    gone++; // ended between the list and the kill
                }
            }
            return killed + " killed" + (names.isEmpty() ? "" : " (" + String.join(", ", names) + (killed > names.size() ? ", ..." : "") + ")")
                    + ", " + kept + " replication/server kept" + (gone > 0 ? ", " + gone + " ended by themselves" : "");
        }

        private static String hostOnly(String host) {
            if (host == null) {
                return "?";
            }
            int colon = host.lastIndexOf(':');
            return colon < 0 ? host : host.substring(0, colon);
        }

        private FenceReport failed(long stepStart, SQLException e) {
            String why = ServerSession.describe(endpoint, e);
            String name = current;
            if (System.nanoTime() - deadline >= 0 || e instanceof java.sql.SQLTimeoutException) {
                why = "no answer within " + Duration.ofNanos(deadline - start).toMillis() + " ms (" + why + ")";
            }
            step(name, stepStart, false, why);
            return report(Optional.of(name + ": " + why));
        }

        private void step(String name, long startedAt, boolean ok, String detail) {
            steps.add(new Step(name, Duration.ofNanos(System.nanoTime() - startedAt), ok, detail));
        }

        private FenceReport report(Optional<String> failure) {
            return new FenceReport(action, endpoint.toString(), flavour, readOnly, superReadOnly, killed, steps,
                    Duration.ofNanos(System.nanoTime() - start), failure);
        }
    }

    /** ER_LOCK_WAIT_TIMEOUT: read_only waited {@code lock_wait_timeout} for a client's table lock. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    /** How long the first attempt waits for a client's lock before the clients are killed (whole seconds: lock_wait_timeout). */
    private static final int FIRST_LOCK_WAIT_SECONDS = 1;

    /** ER_NO_SUCH_THREAD: "Unknown thread id". */
    private static final int UNKNOWN_THREAD = 1094;
}
