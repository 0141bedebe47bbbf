package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDb;
import io.tandem.lab.MariaDbLabTest;
import io.tandem.lab.MariaDbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code uthreshold} as a DBA uses it, to keep a MariaDB below its {@code max_connections}: a burst
 * of clients straight to the server gets "Too many connections"; the same burst through Tandem
 * waits in the queue and every client is served, never more than {@code uthreshold} at a time;
 * through a virtual server with {@code proxy_queue_timeout 0} the clients over the limit are closed
 * at once (what keepalived-style refusal without a queue would give).
 */
class BalancerQueueIT extends MariaDbLabTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 12;
    private static final int LIMIT = 4;
    /** How long each client holds its connection: longer than it takes to start the whole burst. */
    private static final int HOLD_SECONDS = 2;

    private static String conf(String vip, String db) {
        String service = """
                virtual_server %1$s %3$d {
                    delay_loop 5
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    proxy_queue_timeout %4$s
                    real_server %2$s 3306 {
                        uthreshold %5$d
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """;
        return service.formatted(vip, db, 3306, "20", LIMIT) + service.formatted(vip, db, 3307, "0", LIMIT);
    }

    /** {@link #BURST} clients at once, each holding its connection for {@code hold} seconds; their logs once all ended. */
    private static List<String> burst(Host client, String host, int port, int hold) {
        List<LabProcess> ps = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            ps.add(client.spawn("client-" + port + "-" + i, "mariadb", "--no-defaults", "--connect-timeout=30", "-h", host,
                    "-P", String.valueOf(port), "-u", "app", "-papp-pw", "-N", "-B", "-e", "SELECT 'served', SLEEP(" + hold + ")"));
        }
        List<String> out = new ArrayList<>();
        for (LabProcess p : ps) {
            assertThat(p.waitFor(WAIT)).as(p + " ended").isTrue();
            out.add(p.logText().strip());
        }
        return out;
    }

    private static long served(List<String> logs) {
        return logs.stream().filter(l -> l.startsWith("served")).count();
    }

    @Test
    void aBurstWaitsForTheUpperThresholdInsteadOfOverrunningMaxConnections() throws Exception {
        Host db = lab.addHost("db");
        Host lb = lab.addHost("lb");
        Host app = lab.addHost("app");
        MariaDb m = db.startMariaDb(MariaDbOptions.defaults().withArgs("--max-connections=6"));
        m.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'%'");
        String dbIp = db.address().getHostAddress();
        String vip = lb.address().getHostAddress();

        List<String> direct = burst(app, dbIp, 3306, 5); // long enough that the whole burst overlaps, however slow the start
        System.out.println("straight to MariaDB (max_connections 6): " + served(direct) + " of " + BURST + " served; "
                + direct.stream().filter(l -> !l.startsWith("served")).findFirst().orElse(""));
        assertThat(direct).as("the burst overruns max_connections").anyMatch(l -> l.contains("Too many connections"));

        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(vip, dbIp));
        String pid = lb.dir().resolve("tandem.pid").toString();
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-f", file.toString(), "-p", pid,
                "--http", "127.0.0.1:9190");
        t.awaitLog("virtual_server " + vip + ":3306: listening", WAIT);
        t.awaitLog("virtual_server " + vip + ":3307: listening", WAIT);

        m.sql("FLUSH STATUS"); // Max_used_connections counts from here
        long start = System.nanoTime();
        List<String> queued = burst(app, vip, 3306, HOLD_SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String maxUsed = m.sqlValue("SELECT VARIABLE_VALUE FROM information_schema.global_status WHERE VARIABLE_NAME = 'MAX_USED_CONNECTIONS'");
        System.out.println("through Tandem (uthreshold " + LIMIT + ", proxy_queue_timeout 20): " + served(queued) + " of " + BURST
                + " served in " + took.toMillis() + " ms; Max_used_connections " + maxUsed);
        assertThat(queued).as("every client of the burst is served").allMatch(l -> l.startsWith("served"));
        assertThat(took).as("%d clients, %d at a time, %d s each", BURST, LIMIT, HOLD_SECONDS)
                .isGreaterThanOrEqualTo(Duration.ofSeconds((long) BURST / LIMIT * HOLD_SECONDS));
        // the burst's connections, this query's own and a TCP_CHECK's at most
        assertThat(Integer.parseInt(maxUsed)).isLessThanOrEqualTo(LIMIT + 2);

        List<String> noQueue = burst(app, vip, 3307, 5); // the four served still hold when the last one comes
        System.out.println("through Tandem with proxy_queue_timeout 0: " + served(noQueue) + " of " + BURST + " served; "
                + noQueue.stream().filter(l -> !l.startsWith("served")).findFirst().orElse(""));
        assertThat(served(noQueue)).as("without a queue only uthreshold clients get in").isEqualTo(LIMIT);
        String status = lb.exec(Duration.ofSeconds(30), VrrpLab.TANDEM.toString(), "status", "-p", pid).stdout();
        assertThat(status).contains("virtual_server " + vip + ":3306 rr: quorum up (1), refused 0, queued 0")
                .contains("virtual_server " + vip + ":3307 rr: quorum up (1), refused " + (BURST - LIMIT) + ", queued 0");
        String metrics = lb.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9190/metrics").stdout();
        assertThat(metrics).contains("tandem_virtual_server_refused_total{virtual_server=\"" + vip + ":3307\"} " + (BURST - LIMIT) + ".0")
                .contains("tandem_virtual_server_queued{virtual_server=\"" + vip + ":3306\"} 0.0");
        StatusHttpTest.promtoolAccepts(metrics);
        assertThat(t.logText()).contains("virtual_server " + vip + ":3306: every real server a new connection could use is at"
                + " its uthreshold; new connections wait for a slot, up to 20000 ms").doesNotContain(" ERROR ");
    }
}
