package io.tandem.lab;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GTID replication between lab servers: master-master pairs, read-only replicas, and waiting for
 * a server to catch up with a GTID position using {@code MASTER_GTID_WAIT} (no sleeps).
 *
 * <p>Replicas connect to their master's lab address with the account {@value #USER} (created on the
 * master with {@code sql_log_bin=0}, so it never replicates), use {@code MASTER_USE_GTID=slave_pos},
 * retry the connection every second and send heartbeats every second, so a dead master is noticed
 * quickly. A new replica starts from the master's first binary log, which is complete for lab
 * servers (nothing is purged).
 */
public final class Replication {
    /** The replication account on every master. */
    public static final String USER = "repl";
    /** Its password. */
    public static final String PASSWORD = "repl-lab";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private Replication() {
    }

    /**
     * Makes {@code a} and {@code b} replicate from each other and waits until both replication
     * threads run on both. Both stay writable. They should have different {@code gtid_domain_id}s
     * (the default); with a shared domain, concurrent writes on both break replication under
     * {@code gtid_strict_mode} (DESIGN.md, section 3), which tests may want to reproduce.
     *
     * @throws LabException when replication does not start within 30 s (with SHOW SLAVE STATUS)
     */
    public static void masterMaster(MariaDb a, MariaDb b) {
        createUser(a);
        createUser(b);
        changeMaster(a, b);
        changeMaster(b, a);
        awaitRunning(a, CONNECT_TIMEOUT);
        awaitRunning(b, CONNECT_TIMEOUT);
    }

    /**
     * Makes {@code replica} replicate from {@code master}, sets it {@code read_only=ON} (at run
     * time) and waits until both replication threads run.
     *
     * @throws LabException when replication does not start within 30 s (with SHOW SLAVE STATUS)
     */
    public static void replica(MariaDb master, MariaDb replica) {
        createUser(master);
        changeMaster(replica, master);
        replica.setReadOnly(true);
        awaitRunning(replica, CONNECT_TIMEOUT);
    }

    /**
     * Waits until {@code server} holds every transaction of {@code gtidPos} (a GTID list such as
     * {@code 1-11-5,2-12-7}). Domains that are already in its binary log at or past the position
     * count as done (a server is always caught up with its own writes); for the rest it calls
     * {@code MASTER_GTID_WAIT}, which waits on the replica's {@code gtid_slave_pos}.
     *
     * @throws LabException when the position is not reached within {@code timeout}; the message
     *                      carries the server's GTID positions and replica status
     */
    public static void awaitCaughtUp(MariaDb server, String gtidPos, Duration timeout) {
        Map<Long, Gtid> target = parse(gtidPos);
        Map<Long, Gtid> have = parse(server.gtidBinlogPos());
        String missing = target.values().stream()
                .filter(g -> !have.containsKey(g.domain()) || have.get(g.domain()).seq() < g.seq())
                .map(Gtid::toString)
                .collect(Collectors.joining(","));
        if (missing.isEmpty()) {
            return;
        }
        double seconds = Math.max(0.001, timeout.toMillis() / 1000.0);
        String result = server.sqlValue(timeout.plusSeconds(10),
                "SELECT MASTER_GTID_WAIT('" + missing + "', " + seconds + ")");
        if (!"0".equals(result)) {
            throw new LabException(server.host().name() + " did not reach GTID " + missing + " within " + timeout
                    + " (MASTER_GTID_WAIT returned " + result + "); binlog_pos " + server.gtidBinlogPos()
                    + ", slave_pos " + server.gtidSlavePos() + "; "
                    + server.replicaStatus().map(ReplicaStatus::summary).orElse("not a replica"));
        }
    }

    /**
     * Waits until every server in {@code servers} holds everything any of them has written: the
     * target is the union (highest sequence number per domain) of their {@code gtid_binlog_pos}
     * at the time of the call.
     *
     * @return the target position
     * @throws LabException when a server does not get there within {@code timeout} (shared by all)
     */
    public static String awaitConverged(Duration timeout, MariaDb... servers) {
        String target = union(Arrays.stream(servers).map(MariaDb::gtidBinlogPos).toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        for (MariaDb server : servers) {
            awaitCaughtUp(server, target, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        }
        return target;
    }

    /**
     * The union of GTID positions: per domain the GTID with the highest sequence number.
     * {@code union(List.of("1-11-5,2-12-3", "2-12-7"))} is {@code "1-11-5,2-12-7"}.
     */
    public static String union(List<String> positions) {
        Map<Long, Gtid> merged = new LinkedHashMap<>();
        for (String position : positions) {
            for (Gtid g : parse(position).values()) {
                merged.merge(g.domain(), g, (x, y) -> x.seq() >= y.seq() ? x : y);
            }
        }
        return merged.values().stream().sorted((x, y) -> Long.compare(x.domain(), y.domain()))
                .map(Gtid::toString).collect(Collectors.joining(","));
    }

    /** A MariaDB GTID, {@code domain-server-seq}. */
    private record Gtid(long domain, long serverId, long seq) {
        @Override
        public String toString() {
            return domain + "-" + serverId + "-" + seq;
        }
    }

    private static Map<Long, Gtid> parse(String position) {
        Map<Long, Gtid> gtids = new LinkedHashMap<>();
        for (String part : position.strip().split("\\s*,\\s*")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] f = part.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a GTID: " + part + " in " + position);
            }
            Gtid g = new Gtid(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
            gtids.merge(g.domain(), g, (x, y) -> x.seq() >= y.seq() ? x : y);
        }
        return gtids;
    }

    private static void createUser(MariaDb master) {
        String account = "'" + USER + "'@'" + master.host().lab().subnet().sqlHostPattern() + "'";
        master.sql("SET SESSION sql_log_bin = 0;"
                + " CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + PASSWORD + "';"
                + " GRANT REPLICATION SLAVE ON *.* TO " + account + ";"
                + " SET SESSION sql_log_bin = 1");
    }

    private static void changeMaster(MariaDb replica, MariaDb master) {
        replica.sql("STOP SLAVE;"
                + " CHANGE MASTER TO MASTER_HOST = '" + master.address().getHostAddress() + "',"
                + " MASTER_PORT = " + MariaDb.PORT + ","
                + " MASTER_USER = '" + USER + "', MASTER_PASSWORD = '" + PASSWORD + "',"
                + " MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1;"
                + " START SLAVE");
    }

    private static void awaitRunning(MariaDb replica, Duration timeout) {
        Poll.until(timeout, Duration.ofMillis(20),
                () -> replica.replicaStatus().map(s -> s.ioRunning().equals("Yes") && s.sqlRunning().equals("Yes"))
                        .orElse(false),
                () -> replica.host().name() + ": replication not running after " + timeout + ": "
                        + replica.replicaStatus().map(ReplicaStatus::summary).orElse("not configured"));
    }
}
