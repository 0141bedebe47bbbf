package io.tandem.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.config.MysqlCheck;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.MariaDb;
import io.tandem.lab.Replication;
import io.tandem.linux.NetNamespace;
import io.tandem.mysql.MysqlEndpoint;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MYSQL_CHECK against real MariaDB servers in a lab: up, wrong role, replication stopped, hung
 * (SIGSTOP) and dead (kill -9). The probe runs on a thread inside the checked host's namespace,
 * as the daemon would on that host.
 */
class MysqlProbeIT {
    private static final String USER = "tandem";
    private static final String PASSWORD = "tandem-lab-pw";
    private static Lab lab;
    private static Host db1;
    private static Host r1;
    private static MariaDb master;
    private static MariaDb replica;

    @BeforeAll
    static void servers() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        lab = Lab.create();
        db1 = lab.addHost("db1");
        r1 = lab.addHost("r1");
        master = db1.startMariaDb();
        replica = r1.startMariaDb();
        for (MariaDb m : new MariaDb[] {master, replica}) {
            m.sql("SET sql_log_bin=0; CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                    + " GRANT BINLOG MONITOR, REPLICA MONITOR ON *.* TO '" + USER + "'@'%'");
        }
        Replication.replica(master, replica);
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    private static ProbeResult probe(Host h, MysqlCheck.Expect expect, boolean replication, Optional<Duration> maxLag,
                                     Duration timeout) throws Exception {
        MysqlEndpoint endpoint = new MysqlEndpoint(h.address().getHostAddress(), MariaDb.PORT, USER, PASSWORD, timeout);
        MysqlProbe p = new MysqlProbe(endpoint, expect, replication, maxLag, 0, Duration.ZERO);
        try (NetNamespace ns = NetNamespace.enter(h.namespace())) {
            return ns.call(p::probe);
        }
    }

    @Test
    void aWorkingMasterAndReplicaPassTheirChecks() throws Exception {
        ProbeResult m = probe(db1, MysqlCheck.Expect.WRITABLE, false, Optional.empty(), Duration.ofSeconds(2));
        assertThat(m.success()).as(m.detail()).isTrue();
        ProbeResult r = probe(r1, MysqlCheck.Expect.READ_ONLY, true, Optional.of(Duration.ofSeconds(10)), Duration.ofSeconds(2));
        assertThat(r.success()).as(r.detail()).isTrue();
    }

    @Test
    void theWrongRoleFails() throws Exception {
        ProbeResult r = probe(db1, MysqlCheck.Expect.READ_ONLY, false, Optional.empty(), Duration.ofSeconds(2));
        assertThat(r.success()).isFalse();
        assertThat(r.detail()).endsWith("writable, expected read-only");
    }

    @Test
    void aStoppedReplicationThreadFailsAndARestartedOnePasses() throws Exception {
        replica.sql("STOP SLAVE SQL_THREAD");
        try {
            ProbeResult r = probe(r1, MysqlCheck.Expect.ANY, true, Optional.empty(), Duration.ofSeconds(2));
            assertThat(r.success()).isFalse();
            assertThat(r.detail()).contains("replication SQL thread stopped");
        } finally {
            replica.sql("START SLAVE SQL_THREAD");
        }
        assertThat(probe(r1, MysqlCheck.Expect.ANY, true, Optional.empty(), Duration.ofSeconds(2)).success()).isTrue();
    }

    @Test
    void aHungServerFailsByTimeoutAndADeadOneAtOnce() throws Exception {
        Host h = lab.addHost("db3");
        MariaDb s = h.startMariaDb();
        s.sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
        ProbeResult up = probe(h, MysqlCheck.Expect.ANY, false, Optional.empty(), Duration.ofSeconds(2));
        assertThat(up.success()).as(up.detail()).isTrue();

        s.process().pause();
        Duration hungAfter;
        try {
            ProbeResult hung = probe(h, MysqlCheck.Expect.ANY, false, Optional.empty(), Duration.ofMillis(500));
            assertThat(hung.success()).isFalse();
            assertThat(hung.detail()).contains("no answer within 500 ms");
            assertThat(hung.elapsed()).as("bounded by the timeout, not by mysqld").isLessThan(Duration.ofSeconds(5));
            hungAfter = hung.elapsed();
        } finally {
            s.process().resume();
        }

        s.kill9();
        ProbeResult dead = probe(h, MysqlCheck.Expect.ANY, false, Optional.empty(), Duration.ofMillis(500));
        assertThat(dead.success()).isFalse();
        assertThat(dead.detail()).doesNotContain(PASSWORD);
        System.out.printf("MYSQL_CHECK (timeout 500 ms): hung server failed after %d ms, dead server after %d ms (%s)%n",
                hungAfter.toMillis(), dead.elapsed().toMillis(), dead.detail());
    }
}
