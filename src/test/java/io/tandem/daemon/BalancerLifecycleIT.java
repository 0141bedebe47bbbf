package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDbLabTest;
import io.tandem.lab.MariaDb;
import io.tandem.lab.Signal;
import io.tandem.notify.SmtpTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load balancer over a daemon's life, with real MariaDB servers, a real SMTP server and a
 * real partition: a real server cut off for less than its checker's {@code retry} window stays
 * in the pool (no flap), its failed attempts logged ({@code log_all_failures}); SIGHUP adds a
 * real server to a running virtual server, removes one virtual server and adds another, while a
 * session held through the proxy runs on; a real server cut off for longer leaves the pool
 * (after one logged attempt per retry) and keepalived's checker mails go out for its fall and
 * return; a {@code MYSQL_CHECK} over a unix socket checks a real server.
 */
class BalancerLifecycleIT extends MariaDbLabTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private SmtpTestServer smtp;
    private LabProcess tandem;

    @AfterEach
    void teardown() {
        if (tandem != null) { // the whole log but the per-check lines, for a failed run
            System.out.println(tandem.logText().lines().filter(l -> !l.contains(" DEBUG ")).collect(java.util.stream.Collectors.joining("\n")));
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    private static final String TCP_REAL = """
                real_server %s 3306 {
                    TCP_CHECK {
                        connect_timeout 0.3
                        retry 3
                        delay_before_retry 0.4
                        log_all_failures
                    }
                }
            """;

    private String conf(Host lb, String realServers3306, String otherServices) {
        return """
                global_defs {
                    router_id lb
                    notification_email {
                        ops@example.com
                    }
                    notification_email_from tandem@lb.example.com
                    smtp_server %s %d
                    smtp_connect_timeout 30
                }
                virtual_server %s 3306 {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s}
                %s""".formatted(smtp.host(), smtp.port(), lb.address().getHostAddress(), realServers3306, otherServices);
    }

    private static String service(Host lb, int port, String realServers) {
        return """
                virtual_server %s %d {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s}
                """.formatted(lb.address().getHostAddress(), port, realServers);
    }

    private static String idThrough(Host client, Host lb, int port) {
        CommandResult r = client.exec(Duration.ofSeconds(15), "mariadb", "--connect-timeout=3", "-h", lb.address().getHostAddress(),
                "-P", String.valueOf(port), "-u", "app", "-papp-pw", "-N", "-B", "-e", "SELECT @@server_id");
        return r.exitCode() == 0 ? r.stdout().strip() : "error: " + r.stderr().strip();
    }

    private static List<String> reads(Host client, Host lb, int port, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(idThrough(client, lb, port));
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
    void retriesHoldABlipReloadKeepsSessionsAndCheckerMailsGoOut() throws Exception {
        Host r1 = lab.addHost("r1");
        Host r2 = lab.addHost("r2");
        Host lb = lab.addHost("lb");
        Host client = lab.addHost("client");
        Host mx = lab.addHost("mx");
        smtp = SmtpTestServer.in(mx, SmtpTestServer.Options.plain());
        MariaDb m1 = r1.startMariaDb();
        MariaDb m2 = r2.startMariaDb();
        for (MariaDb m : List.of(m1, m2)) {
            m.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'%'");
        }
        String id1 = String.valueOf(m1.serverId());
        String id2 = String.valueOf(m2.serverId());
        String a1 = r1.address().getHostAddress();
        String a2 = r2.address().getHostAddress();
        String self = lb.address().getHostAddress();

        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(lb, TCP_REAL.formatted(a1), service(lb, 3310, TCP_REAL.formatted(a2))));
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString());
        tandem = t;
        t.awaitLog("virtual_server " + self + ":3310: listening", WAIT);
        await(() -> reads(client, lb, 3306, 2).equals(List.of(id1, id1)), () -> t.tail(30));
        assertThat(idThrough(client, lb, 3310)).isEqualTo(id2);

        // a session held through the proxy for the whole scenario
        LabProcess held = client.spawn("held-session", "mariadb", "-h", self, "-P", "3306", "-u", "app", "-papp-pw",
                "-N", "-B", "-e", "SELECT SLEEP(15)");
        await(() -> "1".equals(m1.sqlValue("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(15)'")),
                () -> held.tail(5));

        // a blip shorter than retry 3 x delay_before_retry 0.4: retried, not taken out. First the
        // checker's own first result (keepalived counts a first failure at once, and the first
        // check waits a random part of warmup): the blip must hit a server already seen up.
        String checker = "real_server " + a1 + ":3306 checker 1";
        await(() -> t.logText().contains(checker + ": connected to " + a1 + ":3306"), () -> t.tail(20));
        int before = t.logText().length();
        r1.disconnect();
        await(() -> t.logText().indexOf(checker + ": " + a1 + ":3306: no connection within 300 ms (", before) >= 0
                && t.logText().indexOf("retry 1/3", before) >= 0, () -> t.tail(20));
        r1.reconnect();
        await(() -> {
            String log = t.logText();
            int retried = log.indexOf("retry 1/3", before);
            return log.indexOf(checker + ": connected to " + a1 + ":3306", retried) >= 0;
        }, () -> t.tail(20));
        assertThat(t.logText().substring(before)).as("the blip did not take r1 out")
                .doesNotContain("real_server " + a1 + ":3306 down").doesNotContain("failed after 3 retries");
        String attempt = checker + ": TCP connection to [" + a1 + "]:tcp:3306 ";
        assertThat(t.logText().substring(before).lines().filter(l -> l.contains(attempt)))
                .as("log_all_failures: the blip's failed attempts are logged at INFO though r1 stayed in").isNotEmpty()
                .allMatch(l -> l.contains(" INFO ") && l.contains(attempt + "timeout."));

        // SIGHUP: r2 joins 3306 (r1 unchanged), 3310 goes, 3311 comes with a MYSQL_CHECK over r2's unix socket
        String mysqlBySocket = """
                    real_server %s 3306 {
                        MYSQL_CHECK {
                            socket %s
                            user root
                            connect_timeout 1
                        }
                    }
                """.formatted(a2, m2.socket());
        Files.writeString(file, conf(lb, TCP_REAL.formatted(a1) + TCP_REAL.formatted(a2), service(lb, 3311, mysqlBySocket)));
        t.signal(Signal.HUP);
        t.awaitLog("virtual_server " + self + ":3306: changed settings applied in place (1 real server(s) added, 0 changed, 0 removed;", WAIT);
        t.awaitLog("virtual_server " + self + ":3310: removed from the configuration; listener closed", WAIT);
        t.awaitLog("virtual_server " + self + ":3311: listening", WAIT);
        await(() -> reads(client, lb, 3306, 4).containsAll(List.of(id1, id2)), () -> t.tail(20));
        assertThat(idThrough(client, lb, 3310)).as("the removed virtual server stopped listening").startsWith("error: ");
        t.awaitLog("virtual_server " + self + ":3311 real_server " + a2 + ":3306 checker 1: ok (", WAIT);
        assertThat(idThrough(client, lb, 3311)).isEqualTo(id2);
        assertThat(held.waitFor(Duration.ofSeconds(20))).as("the held session ends on its own").isTrue();
        assertThat(held.exitCode()).as("the session through the reloaded virtual server ran to its end: " + held.tail(5))
                .hasValue(0);

        // a longer cut: r1 leaves after its retries, and keepalived's checker mails tell
        long cut = System.nanoTime();
        int beforeCut = t.logText().length();
        r1.disconnect();
        t.awaitLog("real_server " + a1 + ":3306 down", WAIT);
        System.out.printf("TCP_CHECK retry 3, delay_before_retry 0.4, connect_timeout 0.3, delay_loop 0.3: r1 out %d ms after the cut%n",
                (System.nanoTime() - cut) / 1_000_000);
        assertThat(t.logText()).contains(checker + ": failed after 3 retries");
        String cutLog = t.logText().substring(beforeCut, t.logText().indexOf(checker + ": failed after 3 retries", beforeCut));
        assertThat(cutLog.lines().filter(l -> l.contains(attempt))).as("one logged attempt per retry before r1 went down")
                .hasSize(3);
        String subject = "[lb] Realserver [" + a1 + "]:tcp:3306 of virtual server [" + self + "]:tcp:3306 - ";
        var down = smtp.awaitMail(m -> m.subject().equals(subject + "DOWN"), WAIT);
        assertThat(down.body()).contains("=> TCP CHECK failed on service <=");
        assertThat(reads(client, lb, 3306, 4)).containsOnly(id2);
        r1.reconnect();
        var up = smtp.awaitMail(m -> m.subject().equals(subject + "UP"), WAIT);
        assertThat(up.body()).contains("=> TCP CHECK succeed on service <=");
        await(() -> reads(client, lb, 3306, 2).contains(id1), () -> t.tail(20));
        assertThat(smtp.mails()).extracting(SmtpTestServer.Received::subject).as("one mail per transition, none for the blip")
                .containsExactly(subject + "DOWN", subject + "UP");
        assertThat(t.logText()).doesNotContain(" ERROR ");
    }
}
