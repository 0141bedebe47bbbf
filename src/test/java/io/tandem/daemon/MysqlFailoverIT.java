package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDb;
import io.tandem.lab.MariaDbOptions;
import io.tandem.lab.Replication;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MySQL-aware switch with real MariaDB in master-master: only the master is writable, a dead
 * master's VIP and writes move to the other after it applied what it had, and the returning
 * master takes the VIP back only after catching up, in the ordered switch (fence the leaving
 * master, catch up, writes on).
 */
class MysqlFailoverIT {
    static final String PASSWORD = "tandem-pw";
    static final String APP_PASSWORD = "app-pw";
    private VrrpLab v;
    private Host app;
    private MariaDb m1;
    private MariaDb m2;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        v = new VrrpLab();
        app = v.addHost("app");
        // read_only in the servers' own configuration: a restarted mysqld comes up fenced
        m1 = accounts(v.db1.startMariaDb(MariaDbOptions.defaults().withReadOnly(true)));
        m2 = accounts(v.db2.startMariaDb(MariaDbOptions.defaults().withReadOnly(true)));
        Replication.masterMaster(m1, m2);
        m1.sql("CREATE DATABASE app");
        m1.sql("CREATE TABLE app.t (id INT PRIMARY KEY, server_id INT NOT NULL)");
        Replication.awaitConverged(Duration.ofSeconds(20), m1, m2);
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    /** Tandem's account (all privileges: it sets read_only and ends sessions) and the application's (no bypass of read_only). */
    static MariaDb accounts(MariaDb m) {
        m.sql("SET sql_log_bin=0; CREATE USER 'tandem'@'%' IDENTIFIED BY '" + PASSWORD + "'; GRANT ALL ON *.* TO 'tandem'@'%';"
                + " CREATE USER 'app'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'; GRANT SELECT, INSERT ON app.* TO 'app'@'%'");
        return m;
    }

    /**
     * db1 and db2 of {@code v} as a master-master pair with semi-synchronous replication both ways
     * (1 s timeout), auto_increment 2/1 and 2/2, started read-only, with Tandem's and the
     * application's accounts and the table {@code app.t}, replication converged.
     */
    static MariaDb[] semiSyncPair(VrrpLab v) {
        MariaDb[] m = new MariaDb[2];
        Host[] hosts = {v.db1, v.db2};
        for (int i = 0; i < 2; i++) {
            m[i] = accounts(hosts[i].startMariaDb(MariaDbOptions.defaults().withReadOnly(true).withArgs(
                    "--rpl-semi-sync-master-enabled=ON", "--rpl-semi-sync-slave-enabled=ON",
                    "--rpl-semi-sync-master-timeout=1000", "--auto-increment-increment=2",
                    "--auto-increment-offset=" + (i + 1))));
        }
        Replication.masterMaster(m[0], m[1]);
        m[0].sql("CREATE DATABASE app");
        m[0].sql("CREATE TABLE app.t (id INT PRIMARY KEY, server_id INT NOT NULL)");
        Replication.awaitConverged(Duration.ofSeconds(20), m[0], m[1]);
        return m;
    }

    /** A vrrp_script MYSQL_CHECK at weight 0 (the VIP follows mysqld) and the mysql {} block with the other master as peer. */
    static String conf(VrrpLab v, Host h, Host other, int priority) {
        String self = h.address().getHostAddress();
        String check = """
                vrrp_script chk_mysql {
                    MYSQL_CHECK {
                        connect_ip %s
                        user tandem
                        password %s
                        connect_timeout 0.5
                    }
                    interval 0.3
                    fall 1
                    rise 2
                }
                """.formatted(self, PASSWORD);
        String instance = """
                track_script {
                    chk_mysql
                }
                mysql {
                    connect_ip %s
                    user tandem
                    password %s
                    connect_timeout 1
                    catch_up_timeout 10
                    peer %s 3306
                }
                """.formatted(self, PASSWORD, other.address().getHostAddress());
        return v.conf(h, priority, 3, instance, check);
    }

    /** One INSERT through the VIP from the client host; the server_id that took it, or -1. */
    static int insert(Host app, String vip, int id) {
        CommandResult r = app.exec("mariadb", "--no-defaults", "-h", vip, "-u", "app", "-p" + APP_PASSWORD, "--connect-timeout=1",
                "-N", "-B", "-e", "INSERT INTO app.t VALUES (" + id + ", @@server_id); SELECT @@server_id");
        return r.ok() ? Integer.parseInt(r.stdout().strip()) : -1;
    }

    @Test
    void writesFollowTheWritableMasterAndFailbackWaitsForCatchUp() throws Exception {
        LabProcess t1 = v.tandem(v.db1, conf(v, v.db1, v.db2, 150));
        LabProcess t2 = v.tandem(v.db2, conf(v, v.db2, v.db1, 100));
        v.awaitMaster(v.db1, v.db2, t1, t2);
        VrrpLab.await(() -> !m1.readOnly(), () -> t1.tail(30));
        assertThat(m2.readOnly()).as("the backup's mysqld stays read-only").isTrue();
        t1.awaitLogContains("(VI_W) writes on after");
        assertThat(insert(app, v.vip, 1)).isEqualTo(m1.serverId());
        // the lab's pair has auto_increment 1/1 and no semi-sync: both reported at start-up
        t1.awaitLogContains("master-master check: WARNING AUTO_INCREMENT", "master-master check: NOTICE SEMI_SYNC");

        // kill -9 of the master's mysqld: the VIP and the writes go to db2
        long killed = System.nanoTime();
        m1.kill9();
        VrrpLab.await(() -> insert(app, v.vip, 2) == m2.serverId(), () -> t1.tail(30) + "\n---\n" + t2.tail(30));
        Duration firstWrite = Duration.ofNanos(System.nanoTime() - killed);
        t2.awaitLogContains("(VI_W) BACKUP -> MASTER", "catch-up CAUGHT_UP", "(VI_W) writes on after",
                "(VI_W) only one healthy master left");
        System.out.printf("kill -9 mysqld on the master -> first write through the VIP on the other master: %d ms%n",
                firstWrite.toMillis());
        for (int id = 3; id <= 20; id++) {
            assertThat(insert(app, v.vip, id)).isEqualTo(m2.serverId());
        }

        // db1's mysqld returns read-only, catches up, then db1 takes the VIP back in the ordered switch
        m1.start();
        assertThat(m1.readOnly()).isTrue();
        v.awaitMaster(v.db1, v.db2, t1, t2);
        VrrpLab.await(() -> !m1.readOnly() && m2.readOnly(), () -> t1.tail(30) + "\n---\n" + t2.tail(30));
        t1.awaitLogContains("failback: caught up", "(VI_W) BACKUP -> MASTER (preempting a lower-priority master)",
                "(VI_W) writes on after");
        t2.awaitLogContains("(VI_W) MASTER -> BACKUP", "fenced the local mysqld (BACKUP)");
        assertThat(insert(app, v.vip, 21)).isEqualTo(m1.serverId());
        Replication.awaitConverged(Duration.ofSeconds(20), m1, m2);
        for (MariaDb m : new MariaDb[] {m1, m2}) {
            assertThat(m.sqlValue("SELECT COUNT(*) FROM app.t")).as("rows on server " + m.serverId()).isEqualTo("21");
        }
        for (LabProcess t : new LabProcess[] {t1, t2}) {
            System.out.println("--- " + t.host().name() + " timeline");
            t.logText().lines().filter(l -> l.contains("(VI_W)") || l.contains("chk_mysql")).forEach(System.out::println);
        }
    }

    /**
     * The other faults of the issue, one after the other on whichever master holds the VIP: each
     * time, while the fault lasts, writes through the VIP succeed on the other master. A stopped
     * mysqld accepts TCP, so the new master waits for it (catch_up_timeout, 10 s here) before it
     * opens writes; it may come back writable otherwise.
     */
    @Test
    void writesMoveToTheOtherMasterOnSigstopOnKillOfTandemAndMysqldAndOnLinkDown() throws Exception {
        Host[] hosts = {v.db1, v.db2};
        MariaDb[] servers = {m1, m2};
        LabProcess[] tandems = {v.tandem(v.db1, conf(v, v.db1, v.db2, 150)), v.tandem(v.db2, conf(v, v.db2, v.db1, 100))};
        v.awaitMaster(v.db1, v.db2, tandems[0], tandems[1]);
        VrrpLab.await(() -> !m1.readOnly(), () -> tandems[0].tail(30));
        int id = 100;
        for (String fault : new String[] {"SIGSTOP mysqld", "kill -9 Tandem and mysqld", "link down"}) {
            int m = v.holdsVip(v.db1) ? 0 : 1;
            int o = 1 - m;
            long start = System.nanoTime();
            switch (fault) {
                case "SIGSTOP mysqld" -> servers[m].process().pause();
                case "kill -9 Tandem and mysqld" -> {
                    tandems[m].kill();
                    servers[m].kill9();
                }
                default -> hosts[m].linkDown();
            }
            int first = ++id;
            VrrpLab.await(() -> insert(app, v.vip, first) == servers[o].serverId(),
                    () -> tandems[0].tail(30) + "\n---\n" + tandems[1].tail(30));
            System.out.printf("%s on %s -> first write through the VIP on %s: %d ms%n", fault, hosts[m].name(), hosts[o].name(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            switch (fault) {
                case "SIGSTOP mysqld" -> servers[m].process().resume();
                case "kill -9 Tandem and mysqld" -> {
                    servers[m].start();
                    tandems[m] = v.tandem(hosts[m], conf(v, hosts[m], hosts[o], m == 0 ? 150 : 100));
                }
                default -> hosts[m].linkUp();
            }
            // healed: exactly one writable master again, the other fenced, and writes go through
            VrrpLab.await(() -> {
                int now = v.holdsVip(v.db1) == v.holdsVip(v.db2) ? -1 : v.holdsVip(v.db1) ? 0 : 1;
                return now >= 0 && !servers[now].readOnly() && servers[1 - now].readOnly();
            }, () -> tandems[0].tail(30) + "\n---\n" + tandems[1].tail(30));
            int next = ++id;
            VrrpLab.await(() -> insert(app, v.vip, next) > 0, () -> tandems[0].tail(30) + "\n---\n" + tandems[1].tail(30));
        }
        Replication.awaitConverged(Duration.ofSeconds(30), m1, m2);
        assertThat(m1.gtidBinlogPos()).isEqualTo(m2.gtidBinlogPos());
    }
}
