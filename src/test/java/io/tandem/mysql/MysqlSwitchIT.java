package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.MariaDb;
import io.tandem.lab.Replication;
import io.tandem.linux.NetNamespace;
import io.tandem.mysql.SanityFinding.Rule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fencing, catch-up and the master-master sanity check against a real MariaDB master-master pair
 * in a lab. Tandem's calls run as they would on db2 or db1: the local server through its unix
 * socket, the other master over TCP from inside the host's namespace, with a dedicated account
 * holding only the privileges the operations need.
 */
class MysqlSwitchIT {
    private static final String USER = "tandem";
    private static final String PASSWORD = "tandem-switch-pw";
    private static final String APP_PASSWORD = "app-pw";
    private static Lab lab;
    private static Host h1;
    private static Host h2;
    private static MariaDb db1;
    private static MariaDb db2;

    @BeforeAll
    static void masterMaster() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        lab = Lab.create();
        h1 = lab.addHost("db1");
        h2 = lab.addHost("db2");
        db1 = h1.startMariaDb();
        db2 = h2.startMariaDb();
        for (MariaDb m : List.of(db1, db2)) {
            StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin = 0;");
            for (String host : List.of("'%'", "'localhost'")) {
                sql.append(" CREATE USER ").append(USER).append('@').append(host).append(" IDENTIFIED BY '").append(PASSWORD).append("';")
                        .append(" GRANT READ_ONLY ADMIN, CONNECTION ADMIN, PROCESS, REPLICA MONITOR ON *.* TO ")
                        .append(USER).append('@').append(host).append(';')
                        .append(" CREATE USER app@").append(host).append(" IDENTIFIED BY '").append(APP_PASSWORD).append("';")
                        .append(" GRANT ALL ON lab.* TO app@").append(host).append(';');
            }
            m.sql(sql.toString());
        }
        Replication.masterMaster(db1, db2);
        db1.sql("CREATE DATABASE lab; CREATE TABLE lab.t (id INT PRIMARY KEY, origin VARCHAR(8) NOT NULL)");
        Replication.awaitConverged(Duration.ofSeconds(30), db1, db2);
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void bothWritableAndReplicating() {
        for (MariaDb m : List.of(db1, db2)) {
            if (m.process().isAlive()) {
                m.process().resume();
            }
            m.sql("SET GLOBAL read_only = OFF; START SLAVE");
        }
    }

    private static MysqlEndpoint local(MariaDb m, Duration timeout) {
        return new MysqlEndpoint("127.0.0.1", MariaDb.PORT, Optional.of(m.socket().toString()), USER, PASSWORD, timeout);
    }

    private static MysqlEndpoint tcp(MariaDb m, int port) {
        return new MysqlEndpoint(m.address().getHostAddress(), port, USER, PASSWORD, Duration.ofSeconds(2));
    }

    private static Connection app(MariaDb m) throws SQLException {
        MysqlEndpoint e = new MysqlEndpoint("127.0.0.1", 3306, Optional.of(m.socket().toString()), "app", APP_PASSWORD,
                Duration.ofSeconds(10));
        return DriverManager.getConnection(e.url() + "lab", e.properties());
    }

    private static int insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO lab.t VALUES (" + id + ", 'app')");
        }
    }

    private static List<List<String>> replicationThreads(MariaDb m) {
        return m.sql("SELECT ID, COMMAND FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND IN ('Binlog Dump', 'Slave_IO', 'Slave_SQL') ORDER BY ID");
    }

    @Test
    void fencingEndsClientsStopsWritesKeepsReplicationAndUnfencingReopens() throws Exception {
        List<List<String>> replicationBefore = replicationThreads(db1);
        assertThat(replicationBefore).extracting(r -> r.get(1)).contains("Binlog Dump", "Slave_IO", "Slave_SQL");
        try (Connection writer = app(db1); Connection idle = app(db1)) {
            writer.setAutoCommit(false);
            assertThat(insert(writer, 1)).isEqualTo(1); // an open transaction that has written
            assertThat(idle.isValid(1)).isTrue();

            FenceReport fence = Fencer.fence(local(db1, Duration.ofSeconds(2)), true, Duration.ofSeconds(5));
            System.out.println(fence.summary());
            assertThat(fence.ok()).as(fence.summary()).isTrue();
            assertThat(fence.readOnly()).isTrue();
            assertThat(fence.flavour()).contains(Flavour.MARIADB);
            assertThat(fence.sessionsKilled()).as(fence.summary()).isEqualTo(2);
            assertThat(fence.steps()).extracting(Step::name).containsExactly("connect", "read_only", "kill sessions");
            assertThat(fence.summary()).doesNotContain(PASSWORD);
            assertThat(db1.readOnly()).isTrue();

            assertThatThrownBy(writer::commit).as("the killed session's transaction is gone").isInstanceOf(SQLException.class);
            assertThat(idle.isValid(1)).as("idle sessions are killed too").isFalse();
        }
        await(Duration.ofSeconds(10), () -> "0".equals(db1.sqlValue("SELECT COUNT(*) FROM lab.t WHERE id = 1")),
                () -> "the killed session's row is still there");
        try (Connection late = app(db1)) {
            assertThatThrownBy(() -> insert(late, 2)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1290));
        }
        assertThat(replicationThreads(db1)).as("replication sessions survive").isEqualTo(replicationBefore);
        db2.sql("INSERT INTO lab.t VALUES (1001, 'db2')");
        Replication.awaitCaughtUp(db1, db2.gtidBinlogPos(), Duration.ofSeconds(10));
        assertThat(db1.sqlValue("SELECT origin FROM lab.t WHERE id = 1001")).as("writes of the other master still arrive").isEqualTo("db2");

        FenceReport again = Fencer.fence(local(db1, Duration.ofSeconds(2)), true, Duration.ofSeconds(5));
        assertThat(again.ok()).as("idempotent").isTrue();
        assertThat(again.sessionsKilled()).isZero();

        FenceReport unfence = Fencer.unfence(local(db1, Duration.ofSeconds(2)), Duration.ofSeconds(5));
        System.out.println(unfence.summary());
        assertThat(unfence.ok()).as(unfence.summary()).isTrue();
        assertThat(unfence.readOnly()).isFalse();
        assertThat(db1.readOnly()).isFalse();
        try (Connection c = app(db1)) {
            assertThat(insert(c, 3)).isEqualTo(1);
        }
        assertThat(Fencer.unfence(local(db1, Duration.ofSeconds(2)), Duration.ofSeconds(5)).ok()).as("idempotent").isTrue();
        Replication.awaitConverged(Duration.ofSeconds(10), db1, db2);
    }

    @Test
    void aClientsTableLockIsBrokenByKillingItsSessionBeforeReadOnly() throws Exception {
        try (Connection locker = app(db1); Statement st = locker.createStatement()) {
            st.execute("LOCK TABLES lab.t WRITE");

            FenceReport blocked = Fencer.fence(local(db1, Duration.ofSeconds(2)), false, Duration.ofSeconds(5));
            System.out.println(blocked.summary());
            assertThat(blocked.ok()).isFalse();
            assertThat(blocked.failure().orElseThrow()).contains("blocked").contains("kill_sessions is off");
            assertThat(blocked.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
            assertThat(db1.readOnly()).isFalse();
            assertThat(locker.isValid(1)).as("without kill_sessions the client is left alone").isTrue();

            FenceReport fence = Fencer.fence(local(db1, Duration.ofSeconds(2)), true, Duration.ofSeconds(5));
            System.out.println(fence.summary());
            assertThat(fence.ok()).as(fence.summary()).isTrue();
            assertThat(fence.steps()).extracting(Step::name, Step::ok).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("connect", true), org.assertj.core.groups.Tuple.tuple("read_only", false),
                    org.assertj.core.groups.Tuple.tuple("kill sessions", true), org.assertj.core.groups.Tuple.tuple("read_only", true));
            assertThat(fence.sessionsKilled()).isEqualTo(1);
            assertThat(db1.readOnly()).isTrue();
            assertThat(locker.isValid(1)).isFalse();
        }
    }

    @Test
    void fencingAHungServerFailsAtItsTimeoutAndAWrongPasswordStaysHidden() {
        db2.process().pause();
        FenceReport hung;
        long inspectMs;
        try {
            hung = Fencer.fence(local(db2, Duration.ofSeconds(5)), true, Duration.ofMillis(700));
            long start = System.nanoTime();
            assertThatThrownBy(() -> ServerInspector.inspect(local(db2, Duration.ofMillis(500)), true))
                    .as("MYSQL_CHECK's look through the socket").isInstanceOf(SQLException.class);
            inspectMs = (System.nanoTime() - start) / 1_000_000;
        } finally {
            db2.process().resume();
        }
        System.out.printf("SIGSTOPped mysqld over its unix socket: inspect (timeout 500 ms) failed after %d ms%n", inspectMs);
        assertThat(inspectMs).isBetween(450L, 2500L);
        System.out.println(hung.summary());
        assertThat(hung.ok()).isFalse();
        assertThat(hung.took()).as("bounded by the call's timeout, not the endpoint's").isLessThan(Duration.ofMillis(2500));
        assertThat(hung.failure().orElseThrow()).startsWith("connect: ");

        MysqlEndpoint wrong = new MysqlEndpoint("127.0.0.1", 3306, Optional.of(db2.socket().toString()), USER, "not-the-pw-42",
                Duration.ofSeconds(2));
        FenceReport denied = Fencer.fence(wrong, true, Duration.ofSeconds(2));
        assertThat(denied.ok()).isFalse();
        assertThat(denied.summary()).contains("Access denied").doesNotContain("not-the-pw-42");
    }

    /** db1 was the master and is fenced; db2 takes over and must first apply what db1 had. */
    @Test
    void aNewMasterWaitsUntilItHasAppliedTheOldMastersWrites() throws Exception {
        db2.sql("STOP SLAVE SQL_THREAD");
        writeOn(db1, 2_000_000, 20, 2000);
        assertThat(Fencer.fence(local(db1, Duration.ofSeconds(2)), true, Duration.ofSeconds(5)).ok()).isTrue();
        String target = db1.gtidBinlogPos();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); NetNamespace ns = NetNamespace.enter(h2.namespace())) {
            FailbackVerdict behind = ns.call(() -> CatchUp.failback(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofSeconds(3)));
            assertThat(behind).as(behind.reason()).isEqualTo(new FailbackVerdict.Behind("replication SQL thread stopped"));

            Future<CatchUpResult> wait = pool.submit(() -> ns.call(() -> CatchUp.await(local(db2, Duration.ofSeconds(2)),
                    Optional.of(tcp(db1, 3306)), Duration.ofSeconds(30))));
            assertThatThrownBy(() -> wait.get(700, TimeUnit.MILLISECONDS)).as("cannot finish while the SQL thread is stopped")
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            db2.sql("START SLAVE SQL_THREAD");
            CatchUpResult r = wait.get(40, TimeUnit.SECONDS);
            System.out.println(r.summary());
            assertThat(r.outcome()).as(r.summary()).isEqualTo(CatchUpResult.Outcome.CAUGHT_UP);
            assertThat(r.basis()).isEqualTo(CatchUpResult.Basis.OLD_MASTER_POSITION);
            assertThat(r.waitedFor()).isEqualTo(target);
            assertThat(r.steps()).extracting(Step::name).containsExactly("connect old master " + tcp(db1, 3306), "old master fenced",
                    "old master position", "apply");
            GtidPosition applied = GtidPosition.parse(db2.gtidBinlogPos()).union(GtidPosition.parse(db2.gtidSlavePos()));
            assertThat(GtidPosition.parse(target).missingFrom(applied).isEmpty()).as("db2 %s has db1's %s", applied, target).isTrue();
            assertThat(db2.sqlValue("SELECT COUNT(*) FROM lab.t WHERE id BETWEEN 2000000 AND 2999999"))
                    .isEqualTo(db1.sqlValue("SELECT COUNT(*) FROM lab.t WHERE id BETWEEN 2000000 AND 2999999")).isEqualTo("40000");

            FailbackVerdict caughtUp = ns.call(() -> CatchUp.failback(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofSeconds(3)));
            assertThat(caughtUp).as(caughtUp.reason()).isInstanceOf(FailbackVerdict.CaughtUp.class);
        }
    }

    /** The old master is gone: the new master applies what it had received into its relay log. */
    @Test
    void withTheOldMasterUnreachableTheRelayLogIsApplied() throws Exception {
        db2.sql("STOP SLAVE SQL_THREAD");
        writeOn(db1, 3_000_000, 10, 2000);
        String target = db1.gtidBinlogPos();
        await(Duration.ofSeconds(20), () -> GtidPosition.parse(target).missingFrom(gtidIoPosOf(db2)).isEmpty(),
                () -> "db2's IO thread did not receive " + target);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor(); NetNamespace ns = NetNamespace.enter(h2.namespace())) {
            MysqlEndpoint nobody = tcp(db1, 3399); // refused: nothing listens there
            Future<CatchUpResult> wait = pool.submit(() -> ns.call(() -> CatchUp.await(local(db2, Duration.ofSeconds(2)),
                    Optional.of(nobody), Duration.ofSeconds(30))));
            assertThatThrownBy(() -> wait.get(700, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
            db2.sql("START SLAVE SQL_THREAD");
            CatchUpResult r = wait.get(40, TimeUnit.SECONDS);
            System.out.println(r.summary());
            assertThat(r.outcome()).as(r.summary()).isEqualTo(CatchUpResult.Outcome.CAUGHT_UP);
            assertThat(r.basis()).isEqualTo(CatchUpResult.Basis.RELAY_LOG);
            assertThat(r.steps().getFirst().ok()).isFalse();
            assertThat(r.steps().getFirst().detail()).startsWith("unreachable: ");
            GtidPosition applied = GtidPosition.parse(db2.gtidSlavePos());
            assertThat(GtidPosition.parse(target).missingFrom(applied).isEmpty()).as("db2 %s has db1's %s", applied, target).isTrue();
        }
    }

    @Test
    void aStoppedSqlThreadOrAWritableOldMasterTimesOutWithinTheBound() throws Exception {
        db2.sql("STOP SLAVE SQL_THREAD");
        writeOn(db1, 4_000_000, 1, 10);
        try (NetNamespace ns = NetNamespace.enter(h2.namespace())) {
            CatchUpResult writable = ns.call(() -> CatchUp.await(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofMillis(500)));
            System.out.println(writable.summary());
            assertThat(writable.outcome()).isEqualTo(CatchUpResult.Outcome.TIMED_OUT);
            assertThat(writable.detail()).contains(tcp(db1, 3306).toString());
            assertThat(writable.steps().getLast()).satisfies(st -> {
                assertThat(st.name()).isEqualTo("old master fenced");
                assertThat(st.ok()).isFalse();
            });
            assertThat(writable.took()).isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));

            assertThat(Fencer.fence(local(db1, Duration.ofSeconds(2)), false, Duration.ofSeconds(5)).ok()).isTrue();
            CatchUpResult stopped = ns.call(() -> CatchUp.await(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofSeconds(1)));
            System.out.println(stopped.summary());
            assertThat(stopped.outcome()).as(stopped.summary()).isEqualTo(CatchUpResult.Outcome.TIMED_OUT);
            assertThat(stopped.basis()).isEqualTo(CatchUpResult.Basis.OLD_MASTER_POSITION);
            assertThat(stopped.detail()).contains("SQL stopped");
            assertThat(stopped.took()).as("the whole second was used (up to 50 ms of slack), and not much more")
                    .isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
        }
    }

    @Test
    void aBrokenReplicationKeepsAReturningMasterOut() throws Exception {
        // a row only db2 has, then the same key from db1: db2's SQL thread stops with a duplicate-key error
        db2.sql("SET SESSION sql_log_bin = 0; INSERT INTO lab.t VALUES (5000000, 'db2 only')");
        db1.sql("INSERT INTO lab.t VALUES (5000000, 'db1')");
        await(Duration.ofSeconds(20),
                () -> db2.replicaStatus().map(s -> !s.sqlRunning().equals("Yes")).orElse(false), () -> "db2 did not stop");
        try (NetNamespace ns = NetNamespace.enter(h2.namespace())) {
            FailbackVerdict v = ns.call(() -> CatchUp.failback(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofSeconds(3)));
            System.out.println("failback verdict with a broken replication: " + v);
            assertThat(v).isInstanceOf(FailbackVerdict.Broken.class);
            assertThat(v.reason()).contains("Duplicate entry");
            assertThat(Fencer.fence(local(db1, Duration.ofSeconds(2)), false, Duration.ofSeconds(5)).ok()).isTrue();
            CatchUpResult r = ns.call(() -> CatchUp.await(local(db2, Duration.ofSeconds(2)), Optional.of(tcp(db1, 3306)),
                    Duration.ofSeconds(5)));
            assertThat(r.outcome()).as(r.summary()).isEqualTo(CatchUpResult.Outcome.FAILED);
            assertThat(r.took()).as("fails at once, not at the timeout").isLessThan(Duration.ofSeconds(3));
        } finally {
            db2.sql("SET SESSION sql_log_bin = 0; DELETE FROM lab.t WHERE id = 5000000");
        }
    }

    @Test
    void theSanityCheckSeesTheLabsDefaultsAndEachMistake() throws Exception {
        try (NetNamespace ns = NetNamespace.enter(h1.namespace())) {
            MysqlEndpoint me = local(db1, Duration.ofSeconds(2));
            MysqlEndpoint peer = tcp(db2, 3306);
            List<SanityFinding> defaults = ns.call(() -> MasterMasterSanity.check(me, peer, Duration.ofSeconds(3)));
            defaults.forEach(f -> System.out.println("lab defaults: " + f));
            assertThat(defaults).extracting(SanityFinding::rule)
                    .containsExactlyInAnyOrder(Rule.BOTH_WRITABLE, Rule.AUTO_INCREMENT, Rule.SEMI_SYNC);

            db2.setReadOnly(true);
            db1.sql("SET GLOBAL auto_increment_increment = 2, GLOBAL auto_increment_offset = 1");
            db2.sql("SET GLOBAL auto_increment_increment = 2, GLOBAL auto_increment_offset = 2");
            assertThat(ns.call(() -> MasterMasterSanity.check(me, peer, Duration.ofSeconds(3)))).extracting(SanityFinding::rule)
                    .containsExactly(Rule.SEMI_SYNC);
            for (MariaDb m : List.of(db1, db2)) {
                m.sql("SET GLOBAL rpl_semi_sync_master_enabled = ON, GLOBAL rpl_semi_sync_slave_enabled = ON");
            }
            List<SanityFinding> sane = ns.call(() -> MasterMasterSanity.check(me, peer, Duration.ofSeconds(3)));
            assertThat(sane).as("fenced peer, interleaved keys, semi-sync both ways").isEmpty();

            db2.sql("SET GLOBAL auto_increment_offset = 1, GLOBAL read_only = OFF, GLOBAL gtid_domain_id = 1");
            db1.sql("STOP SLAVE");
            List<SanityFinding> broken = ns.call(() -> MasterMasterSanity.check(me, peer, Duration.ofSeconds(3)));
            broken.forEach(f -> System.out.println("misconfigured: " + f));
            assertThat(broken).extracting(SanityFinding::rule)
                    .containsExactlyInAnyOrder(Rule.BOTH_WRITABLE, Rule.AUTO_INCREMENT, Rule.GTID_DOMAIN, Rule.REPLICATION);
            assertThat(broken).filteredOn(f -> f.rule() == Rule.REPLICATION).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains(peer + " -> " + me + " is not running"));

            List<SanityFinding> gone = ns.call(() -> MasterMasterSanity.check(me, tcp(db2, 3399), Duration.ofSeconds(3)));
            assertThat(gone).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo(Rule.UNREACHABLE);
                assertThat(f.message()).doesNotContain(PASSWORD);
            });
        } finally {
            for (MariaDb m : List.of(db1, db2)) {
                m.sql("SET GLOBAL rpl_semi_sync_master_enabled = OFF, GLOBAL rpl_semi_sync_slave_enabled = OFF,"
                        + " GLOBAL auto_increment_increment = 1, GLOBAL auto_increment_offset = 1");
            }
            db2.sql("SET GLOBAL gtid_domain_id = " + db2.gtidDomainId());
        }
    }

    /** {@code transactions} inserts of {@code rows} rows each on {@code m}, ids from {@code firstId}. */
    private static void writeOn(MariaDb m, int firstId, int transactions, int rows) {
        StringBuilder sql = new StringBuilder("USE lab;");
        for (int i = 0; i < transactions; i++) {
            int from = firstId + i * rows;
            sql.append("INSERT INTO lab.t SELECT seq, 'db1' FROM seq_").append(from).append("_to_").append(from + rows - 1).append(";");
        }
        m.sql(Duration.ofSeconds(60), sql.toString());
    }

    /** {@code Gtid_IO_Pos} of SHOW SLAVE STATUS: what the IO thread has received (through the socket as root). */
    private static GtidPosition gtidIoPosOf(MariaDb m) throws SQLException {
        MysqlEndpoint e = new MysqlEndpoint("127.0.0.1", 3306, Optional.of(m.socket().toString()), "root", null, Duration.ofSeconds(10));
        try (Connection c = DriverManager.getConnection(e.url(), e.properties()); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next() ? GtidPosition.parse(rs.getString("Gtid_IO_Pos")) : GtidPosition.EMPTY;
        }
    }

    /** A condition that may throw. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls every 20 ms until {@code condition} holds, failing with {@code why} after {@code limit}. */
    private static void await(Duration limit, Condition condition, java.util.function.Supplier<String> why) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(why.get() + " within " + limit);
            }
            Thread.sleep(20);
        }
    }
}
