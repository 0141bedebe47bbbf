package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDbLabTest;
import io.tandem.lab.MariaDb;
import io.tandem.lab.Replication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read load balancer with real MariaDB replicas: a Tandem host ("lb") holds a read VIP by VRRP
 * and serves {@code virtual_server VIP 3306} over two replicas of one master, checked by
 * {@code MYSQL_CHECK} with {@code max_lag}. A client host runs the mariadb command-line client
 * through the VIP, one connection per query. Shown: reads are spread (rr); a replica whose SQL
 * thread stops while the master is written leaves the pool and returns after catching up; when
 * every replica lags the least-lagging stay (log line); a killed replica's clients succeed on the
 * other at once (connect retry) and the checker takes it out.
 */
class ReadBalancerIT extends MariaDbLabTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String conf(String vip, Host r1, Host r2, Path marks) {
        String real = """
                    real_server %s 3306 {
                        weight 1
                        notify_down "/usr/bin/touch %s/%s-down"
                        notify_up "/usr/bin/touch %s/%s-up"
                        MYSQL_CHECK {
                            user tandem
                            password tandem-pw
                            connect_timeout 1
                            max_lag 4
                        }
                    }
                """;
        return """
                global_defs {
                    router_id lb
                    enable_script_security
                    script_user root
                }
                vrrp_instance VI_R {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    priority 150
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                virtual_server %s 3306 {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s%s}
                """.formatted(vip, vip,
                real.formatted(r1.address().getHostAddress(), marks, r1.name(), marks, r1.name()),
                real.formatted(r2.address().getHostAddress(), marks, r2.name(), marks, r2.name()));
    }

    /** One query on a new connection through the VIP; the answering server's server_id, or the error. */
    private static String serverIdThrough(Host client, String vip) {
        CommandResult r = client.exec(Duration.ofSeconds(15), "mariadb", "--connect-timeout=5", "-h", vip, "-P", "3306",
                "-u", "app", "-papp-pw", "-N", "-B", "-e", "SELECT @@server_id");
        return r.exitCode() == 0 ? r.stdout().strip() : "error: " + r.stderr().strip();
    }

    private static List<String> reads(Host client, String vip, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(serverIdThrough(client, vip));
        }
        return ids;
    }

    private static void await(java.util.function.BooleanSupplier c, java.util.function.Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + why.get());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void readsSpreadLagLeavesAndReturnsAndAKilledReplicasClientsSucceedElsewhere() throws Exception {
        Host db1 = lab.addHost("db1");
        Host r1 = lab.addHost("r1");
        Host r2 = lab.addHost("r2");
        Host lb = lab.addHost("lb");
        Host client = lab.addHost("client");
        MariaDb master = db1.startMariaDb();
        MariaDb m1 = r1.startMariaDb();
        MariaDb m2 = r2.startMariaDb();
        Replication.replica(master, m1);
        Replication.replica(master, m2);
        master.sql("CREATE USER 'tandem'@'%' IDENTIFIED BY 'tandem-pw'; GRANT BINLOG MONITOR, REPLICA MONITOR ON *.* TO 'tandem'@'%';"
                + " CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'%';"
                + " CREATE DATABASE t; CREATE TABLE t.w (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
        Replication.awaitConverged(WAIT, master, m1, m2);
        String id1 = String.valueOf(m1.serverId());
        String id2 = String.valueOf(m2.serverId());

        String vip = lab.subnet().address(100).getHostAddress();
        Path marks = lb.dir();
        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(vip, r1, r2, marks));
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString());
        t.awaitLog("virtual_server " + vip + ":3306: listening", WAIT);
        assertThat(VrrpLab.holdsAddress(lb, "eth0", vip)).as("free bind: listening before the VIP is here").isFalse();
        await(() -> VrrpLab.holdsAddress(lb, "eth0", vip), () -> t.tail(30));

        // reads are spread: rr alternates between the replicas
        List<String> ids = reads(client, vip, 10);
        assertThat(ids).as(t.tail(30)).containsOnly(id1, id2);
        assertThat(ids.stream().filter(id1::equals).count()).isEqualTo(5);

        // r1's SQL thread stops while the master is written: r1 leaves the pool
        m1.sql("STOP SLAVE SQL_THREAD");
        master.sql("INSERT INTO t.w (v) VALUES ('while r1 lags')");
        t.awaitLog("real_server " + r1.address().getHostAddress() + ":3306 down (lag unknown, max_lag 4 s)", WAIT);
        assertThat(reads(client, vip, 6)).containsOnly(id2);
        await(() -> Files.exists(marks.resolve("r1-down")), () -> "notify_down did not run: " + t.tail(20));

        // when every replica lags, the least-lagging stay (both unknown: both stay)
        m2.sql("STOP SLAVE SQL_THREAD");
        t.awaitLog("every replica lags; keeping the least-lagging", WAIT);
        assertThat(reads(client, vip, 6)).as("reads still served").containsOnly(id1, id2);
        m2.sql("START SLAVE SQL_THREAD");
        t.awaitLog("a replica is within max_lag again", WAIT);

        // r1 catches up and returns
        m1.sql("START SLAVE SQL_THREAD");
        Replication.awaitCaughtUp(m1, master.gtidBinlogPos(), WAIT);
        t.awaitLog("real_server " + r1.address().getHostAddress() + ":3306 up", WAIT);
        await(() -> reads(client, vip, 2).contains(id1), () -> t.tail(20));
        await(() -> Files.exists(marks.resolve("r1-up")), () -> "notify_up did not run: " + t.tail(20));

        // kill -9 of r2's mysqld: every query succeeds (a refused connect is retried on r1), and r2 leaves the pool
        m2.kill9();
        List<String> after = reads(client, vip, 8);
        assertThat(after).as(t.tail(30)).containsOnly(id1);
        t.awaitLog("real_server " + r2.address().getHostAddress() + ":3306 down", WAIT);
        assertThat(t.logText()).doesNotContain("tandem-pw").doesNotContain(" ERROR ");
        System.out.println("load balancer log:\n" + t.tail(40));
    }

    private static String writerConf(String routerId, int priority, String vip, Host db1, Host r1) {
        String real = """
                    real_server %s 3306 {
                        MYSQL_CHECK {
                            user tandem
                            password tandem-pw
                            connect_timeout 1
                            expect writable
                            retry 0
                        }
                    }
                """;
        return """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_R {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                virtual_server %s 3307 {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s%s}
                """.formatted(routerId, priority, vip, vip, real.formatted(db1.address().getHostAddress()),
                real.formatted(r1.address().getHostAddress()));
    }

    private static String writerIdThrough(Host client, String vip) {
        CommandResult r = client.exec(Duration.ofSeconds(15), "mariadb", "--connect-timeout=2", "-h", vip, "-P", "3307",
                "-u", "app", "-papp-pw", "-N", "-B", "-e", "SELECT @@server_id");
        return r.exitCode() == 0 ? r.stdout().strip() : "error: " + r.stderr().strip();
    }

    @Test
    void theWriterRouteFollowsTheWritableServerAndTheVipSurvivesItsBalancer() throws Exception {
        Host db1 = lab.addHost("db1");
        Host r1 = lab.addHost("r1");
        Host lb1 = lab.addHost("lb1");
        Host lb2 = lab.addHost("lb2");
        Host client = lab.addHost("client");
        MariaDb master = db1.startMariaDb();
        MariaDb replica = r1.startMariaDb();
        Replication.replica(master, replica);
        master.sql("CREATE USER 'tandem'@'%' IDENTIFIED BY 'tandem-pw'; GRANT BINLOG MONITOR, REPLICA MONITOR ON *.* TO 'tandem'@'%';"
                + " CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'%'");
        Replication.awaitConverged(WAIT, master, replica);
        String masterId = String.valueOf(master.serverId());
        String replicaId = String.valueOf(replica.serverId());
        String vip = lab.subnet().address(100).getHostAddress();
        List<LabProcess> lbs = new ArrayList<>();
        for (Host lb : List.of(lb1, lb2)) {
            Path file = lb.dir().resolve("tandem.conf");
            Files.writeString(file, writerConf(lb.name(), lb == lb1 ? 150 : 100, vip, db1, r1));
            LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString());
            t.awaitLog("virtual_server " + vip + ":3307: listening", WAIT);
            lbs.add(t);
        }
        LabProcess t1 = lbs.get(0);
        LabProcess t2 = lbs.get(1);
        await(() -> VrrpLab.holdsAddress(lb1, "eth0", vip), () -> t1.tail(30));
        t1.awaitLog("real_server " + r1.address().getHostAddress() + ":3306 down", WAIT);

        // writes go to the writable server only
        assertThat(List.of(writerIdThrough(client, vip), writerIdThrough(client, vip), writerIdThrough(client, vip)))
                .as(t1.tail(30)).containsOnly(masterId);

        // a session held open on the master is closed when the master turns read-only (fenced)
        LabProcess held = client.spawn("held-session", "mariadb", "-h", vip, "-P", "3307", "-u", "app", "-papp-pw",
                "-N", "-B", "-e", "SELECT SLEEP(60)");
        await(() -> "1".equals(master.sqlValue("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(60)'")),
                () -> held.tail(5));
        long fenced = System.nanoTime();
        master.setReadOnly(true);
        replica.setReadOnly(false);
        t1.awaitLog("real_server " + db1.address().getHostAddress() + ":3306 down", WAIT);
        assertThat(held.waitFor(Duration.ofSeconds(10))).as("the held session was closed by the proxy, not after its 60 s").isTrue();
        assertThat(held.exitCode()).isNotEqualTo(java.util.OptionalInt.of(0));
        System.out.printf("master fenced -> its proxied session closed after %d ms%n", (System.nanoTime() - fenced) / 1_000_000);
        await(() -> writerIdThrough(client, vip).equals(replicaId), () -> t1.tail(20));

        // kill -9 of the active balancer: the VIP moves to lb2 and new connections succeed there
        long killed = System.nanoTime();
        t1.kill();
        await(() -> writerIdThrough(client, vip).equals(replicaId) && VrrpLab.holdsAddress(lb2, "eth0", vip), () -> t2.tail(30));
        System.out.printf("kill -9 of the active balancer -> queries through the VIP answered via lb2 after %d ms%n",
                (System.nanoTime() - killed) / 1_000_000);
        assertThat(t2.logText()).contains("BACKUP -> MASTER").doesNotContain(" ERROR ");
    }
}
