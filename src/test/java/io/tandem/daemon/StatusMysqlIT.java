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
import io.tandem.status.JsonReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem status} with real MariaDB in master-master: the master's mysqld is shown writable,
 * the backup's fenced, with replication threads, lag and GTID position; the MYSQL_CHECK with its
 * rise/fall position; and a virtual_server's backends with their connections.
 */
class StatusMysqlIT {
    private VrrpLab v;
    private MariaDb m1;
    private MariaDb m2;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        v = new VrrpLab();
        m1 = MysqlFailoverIT.accounts(v.db1.startMariaDb(MariaDbOptions.defaults().withReadOnly(true)));
        m2 = MysqlFailoverIT.accounts(v.db2.startMariaDb(MariaDbOptions.defaults().withReadOnly(true)));
        Replication.masterMaster(m1, m2);
        m1.sql("SET GLOBAL read_only=0; CREATE DATABASE app; SET GLOBAL read_only=1");
        Replication.awaitConverged(Duration.ofSeconds(20), m1, m2);
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void showsWritableAndFencedServersReplicationChecksAndBackends() throws Exception {
        String a1 = v.db1.address().getHostAddress();
        String a2 = v.db2.address().getHostAddress();
        String lb = """
                virtual_server %s 3307 {
                    delay_loop 0.5
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server %s 3306 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server %s 3306 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(a2, a1, a2);
        LabProcess t1 = v.tandem(v.db1, MysqlFailoverIT.conf(v, v.db1, v.db2, 150));
        v.db2.execOrThrow("ip", "link", "set", "lo", "up");
        LabProcess t2 = v.tandemWith(v.db2, MysqlFailoverIT.conf(v, v.db2, v.db1, 100) + lb, 1, "--http", "127.0.0.1:9181");
        v.awaitMaster(v.db1, v.db2, t1, t2);

        String s1 = awaitStatus(v.db1, ": writable (");
        awaitStatus(v.db2, ": fenced (");
        awaitStatus(v.db2, "real_server " + a1 + ":3306 up");
        // one query through the load balancer: its backend counts the connection and the bytes
        CommandResult q = v.db1.exec("mariadb", "--no-defaults", "-h", a2, "-P", "3307", "-u", "app",
                "-p" + MysqlFailoverIT.APP_PASSWORD, "--connect-timeout=2", "-N", "-B", "-e", "SELECT @@server_id");
        assertThat(q.exitCode()).as(q.stderr()).isZero();
        String s2 = awaitStatus(v.db2, "active 0, total 1, bytes in ");
        System.out.println("--- tandem status on db1 ---\n" + s1 + "--- tandem status on db2 ---\n" + s2);
        assertThat(s1).contains("vrrp_instance VI_W: MASTER").contains("mysql tandem@" + a1 + ":3306: writable (")
                .contains("read_only OFF").contains("replication from " + a2 + ": IO running, SQL running, lag 0 s")
                .containsPattern("gtid position: [0-9]+-[0-9]+-[0-9]+")
                .contains("check chk_mysql (vrrp_script mysql_check): up, rise 2 fall 1")
                .contains("script chk_mysql: up (fault when down)").doesNotContain("failback:");
        assertThat(s2).contains("vrrp_instance VI_W: BACKUP").contains("mysql tandem@" + a2 + ":3306: fenced (")
                .contains("read_only ON").contains("replication from " + a1 + ": IO running, SQL running")
                .contains("failback: caught up")
                .contains("virtual_server " + a2 + ":3307 rr: quorum up")
                .containsPattern("real_server [0-9.]+:3306 up, weight 1, active 0, total 1, bytes in [1-9][0-9]* out [1-9]");

        // the live page of db2, for the README
        java.nio.file.Path shot = v.db2.dir().resolve("page.png");
        StatusIT.chromium(v.db2, "--window-size=1000,760", "--screenshot=" + shot, "http://127.0.0.1:9181/");
        assertThat(shot).isNotEmptyFile();
        java.nio.file.Path keep = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "tandem-status-page-mysql.png");
        java.nio.file.Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot of the live page: " + keep);

        CommandResult json = v.db1.exec(VrrpLab.TANDEM.toString(), "status", "--json", "-p", v.db1.dir().resolve("tandem.pid").toString());
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.stdout());
        Map<String, Object> mysql = (Map<String, Object>) ((List<Map<String, Object>>) doc.get("vrrp_instances")).getFirst().get("mysql");
        assertThat(mysql).containsEntry("role", "writable").containsEntry("read_only", false);
        assertThat((Map<String, Object>) mysql.get("replica")).containsEntry("io_running", true).containsEntry("sql_running", true);
        assertThat((String) mysql.get("gtid_position")).isNotEmpty();
    }

    private static String awaitStatus(Host h, String text) throws InterruptedException {
        AtomicReference<String> last = new AtomicReference<>("");
        VrrpLab.await(() -> {
            CommandResult r = h.exec(VrrpLab.TANDEM.toString(), "status", "-p", h.dir().resolve("tandem.pid").toString());
            last.set(r.stdout() + r.stderr());
            return r.exitCode() == 0 && r.stdout().contains(text);
        }, () -> "tandem status on " + h.name() + " never showed '" + text + "'; last:\n" + last.get());
        return last.get();
    }
}
