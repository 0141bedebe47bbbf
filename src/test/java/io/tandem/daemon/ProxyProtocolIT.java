package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDbLabTest;
import io.tandem.lab.MariaDb;
import io.tandem.lab.MariaDbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code proxy_protocol} with a real MariaDB whose {@code proxy_protocol_networks} holds the load
 * balancer: behind Tandem the server sees each client's own address, as it would behind
 * keepalived's IPVS, so accounts limited to a client host work through the proxy and the process
 * list names the client. A virtual server without it shows what happens otherwise (every client
 * is the load balancer). Tandem's MYSQL_CHECK sends the same header, so a server that does not
 * take it from the balancer (no {@code proxy_protocol_networks}) is taken out of the pool instead
 * of failing every client while its check passes.
 */
class ProxyProtocolIT extends MariaDbLabTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String conf(Host lb, Host db, Host plainDb) {
        String service = """
                virtual_server %1$s %3$d {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %4$s    real_server %2$s 3306 {
                        MYSQL_CHECK {
                            user tandem
                            password tandem-pw
                            connect_timeout 1
                        }
                    }
                }
                """;
        String lbIp = lb.address().getHostAddress();
        String dbIp = db.address().getHostAddress();
        return "global_defs {\n    router_id lb\n}\n"
                + service.formatted(lbIp, dbIp, 3306, "    proxy_protocol v2\n")
                + service.formatted(lbIp, dbIp, 3307, "    proxy_protocol v1\n")
                + service.formatted(lbIp, dbIp, 3308, "")
                + service.formatted(lbIp, plainDb.address().getHostAddress(), 3309, "    proxy_protocol v2\n");
    }

    /** Who the server thinks is connected, as {@code USER()} and the process list's host, through {@code port}. */
    private static CommandResult whoAmI(Host client, Host lb, int port) {
        return client.exec(Duration.ofSeconds(15), "mariadb", "--no-defaults", "--connect-timeout=5", "-h",
                lb.address().getHostAddress(), "-P", String.valueOf(port), "-u", "app", "-papp-pw", "-N", "-B", "-e",
                "SELECT USER(), (SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID())");
    }

    @Test
    void theServerSeesTheClientNotTheLoadBalancer() throws Exception {
        Host db = lab.addHost("db");
        Host lb = lab.addHost("lb");
        Host app = lab.addHost("app");
        Host other = lab.addHost("other");
        Host plainDb = lab.addHost("plaindb");
        String lbIp = lb.address().getHostAddress();
        String appIp = app.address().getHostAddress();
        MariaDb m = db.startMariaDb(MariaDbOptions.defaults().withArgs("--proxy-protocol-networks=" + lbIp));
        // the application's account is limited to its host; Tandem's check account to the balancer
        m.sql("CREATE USER 'app'@'" + appIp + "' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'" + appIp + "';"
                + " CREATE USER 'tandem'@'" + lbIp + "' IDENTIFIED BY 'tandem-pw'; GRANT USAGE ON *.* TO 'tandem'@'" + lbIp + "'");
        MariaDb noHeaders = plainDb.startMariaDb(); // takes no PROXY header from anyone
        noHeaders.sql("CREATE USER 'tandem'@'" + lbIp + "' IDENTIFIED BY 'tandem-pw'; GRANT USAGE ON *.* TO 'tandem'@'" + lbIp + "';"
                + " CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'");
        long connectsBefore = Long.parseLong(m.sqlValue("SELECT VARIABLE_VALUE FROM information_schema.global_status"
                + " WHERE VARIABLE_NAME = 'CONNECTIONS'"));

        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(lb, db, plainDb));
        String pid = lb.dir().resolve("tandem.pid").toString();
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-f", file.toString(), "-p", pid);
        for (int port : new int[] {3306, 3307, 3308, 3309}) {
            t.awaitLog("virtual_server " + lbIp + ":" + port + ": listening", WAIT);
        }
        // the checks (every 0.3 s; with the header of their virtual server) log in from the balancer
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Long.parseLong(m.sqlValue("SELECT VARIABLE_VALUE FROM information_schema.global_status"
                + " WHERE VARIABLE_NAME = 'CONNECTIONS'")) < connectsBefore + 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(m.sqlValue("SELECT VARIABLE_VALUE FROM information_schema.global_status WHERE VARIABLE_NAME = 'ABORTED_CONNECTS'"))
                .as("every check logged in, with a header or without").isEqualTo("0");

        // the server without proxy_protocol_networks refuses the header: its check fails and it leaves the pool
        String plainIp = plainDb.address().getHostAddress();
        t.awaitLog("real_server " + plainIp + ":3306 down", WAIT);
        CommandResult refused = whoAmI(app, lb, 3309);
        assertThat(refused.exitCode()).as("no backend left: the client is closed").isNotZero();

        CommandResult v2 = whoAmI(app, lb, 3306);
        assertThat(v2.exitCode()).as(v2.stderr() + "\n" + t.tail(20)).isZero();
        assertThat(v2.stdout().strip()).as("proxy_protocol v2").startsWith("app@" + appIp + "\t" + appIp + ":");
        CommandResult v1 = whoAmI(app, lb, 3307);
        assertThat(v1.exitCode()).as(v1.stderr() + "\n" + t.tail(20)).isZero();
        assertThat(v1.stdout().strip()).as("proxy_protocol v1").startsWith("app@" + appIp + "\t" + appIp + ":");

        // a host no account names is refused as itself, through the proxy
        CommandResult stranger = whoAmI(other, lb, 3306);
        assertThat(stranger.exitCode()).isNotZero();
        assertThat(stranger.stderr()).contains("Host '" + other.address().getHostAddress() + "' is not allowed to connect");

        // without proxy_protocol the server sees the balancer, and the account limited to app does not match
        CommandResult plain = whoAmI(app, lb, 3308);
        assertThat(plain.exitCode()).isNotZero();
        assertThat(plain.stderr()).contains("Access denied for user 'app'@'" + lbIp + "'");

        // the operator sees which virtual server sends which header
        CommandResult status = lb.exec(Duration.ofSeconds(30), VrrpLab.TANDEM.toString(), "status", "-p", pid);
        assertThat(status.stdout()).as(status.stderr())
                .contains("virtual_server " + lbIp + ":3306 rr: quorum up (1), refused 0, queued 0, proxy_protocol v2\n")
                .contains("virtual_server " + lbIp + ":3307 rr: quorum up (1), refused 0, queued 0, proxy_protocol v1\n")
                .contains("virtual_server " + lbIp + ":3308 rr: quorum up (1), refused 0, queued 0\n");

        assertThat(t.logText()).doesNotContain(db.address().getHostAddress() + ":3306 down");
        System.out.println("through proxy_protocol v2: " + v2.stdout().strip() + "; without: " + plain.stderr().strip());
        t.logText().lines().filter(l -> l.contains(plainIp + ":3306")).limit(3).forEach(System.out::println);
    }
}
