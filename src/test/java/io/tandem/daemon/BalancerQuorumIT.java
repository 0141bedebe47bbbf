package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code quorum}, {@code quorum_down}/{@code quorum_up} and {@code sorry_server} through a running
 * daemon and real TCP servers ({@link NamedServers}): with one of two real servers gone the
 * virtual server is below its quorum of 2, the {@code quorum_down} script runs and new connections
 * are served by the sorry server (the whole exchange, not just a connect); when the real server
 * returns, {@code quorum_up} runs and the real servers serve again.
 */
class BalancerQuorumIT extends NamedServersLabTest {
    private static String conf(String vip, Host r1, Host r2, Host sorry, Path marks) {
        String real = """
                    real_server %s 3306 {
                        TCP_CHECK {
                            connect_timeout 1
                            retry 0
                        }
                    }
                """;
        return """
                global_defs {
                    router_id lb
                    enable_script_security
                    script_user root
                }
                virtual_server %s 3306 {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    quorum 2
                    quorum_down "/usr/bin/touch %s/quorum-down"
                    quorum_up "/usr/bin/touch %s/quorum-up"
                    sorry_server %s 3306
                %s%s}
                """.formatted(vip, marks, marks, sorry.address().getHostAddress(),
                real.formatted(r1.address().getHostAddress()), real.formatted(r2.address().getHostAddress()));
    }

    @Test
    void belowQuorumTheSorryServerServesAndTheScriptsRun() throws Exception {
        Host r1 = lab.addHost("r1");
        Host r2 = lab.addHost("r2");
        Host sorry = lab.addHost("sorry");
        Host lb = lab.addHost("lb");
        Host client = lab.addHost("client");
        NamedServers servers = new NamedServers(lab);
        servers.start(r1, "r1", 3306);
        LabProcess second = servers.start(r2, "r2", 3306);
        servers.start(sorry, "sorry", 3306);
        String vip = lb.address().getHostAddress();
        Path marks = lb.dir().resolve("marks");
        Files.createDirectories(marks);
        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(vip, r1, r2, sorry, marks));
        String pid = lb.dir().resolve("tandem.pid").toString();
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString(), "-p", pid);
        tandem = t;
        t.awaitLog("virtual_server " + vip + ":3306: listening", WAIT);
        assertThat(servers.landings(client, vip, 3306, 4)).as("quorum up: rr over both").containsExactlyInAnyOrder("r1", "r2", "r1", "r2");
        Files.deleteIfExists(marks.resolve("quorum-up")); // what counts is the one after the loss

        second.kill();
        t.awaitLogContains("virtual_server " + vip + ":3306: quorum lost (weight 1 of 2); new connections go to the sorry_server");
        await(() -> Files.exists(marks.resolve("quorum-down")), () -> "quorum_down did not run: " + t.tail(20));
        List<String> below = servers.landings(client, vip, 3306, 4);
        assertThat(below).as("below quorum: the sorry server answers").containsOnly("sorry").hasSize(4);
        String status = lb.exec(Duration.ofSeconds(30), VrrpLab.TANDEM.toString(), "status", "-p", pid).stdout();
        System.out.println("--- tandem status below quorum ---\n" + status);
        assertThat(status).contains("virtual_server " + vip + ":3306 rr: quorum down (2), refused 0, queued 0, sorry_server "
                + sorry.address().getHostAddress() + ":3306 (0 on it)\n");

        servers.start(r2, "r2", 3306);
        t.awaitLogContains("virtual_server " + vip + ":3306: quorum reached (weight 2 of 2)");
        await(() -> Files.exists(marks.resolve("quorum-up")), () -> "quorum_up did not run: " + t.tail(20));
        assertThat(servers.landings(client, vip, 3306, 4)).as("quorum back: the real servers again")
                .containsExactlyInAnyOrder("r1", "r2", "r1", "r2");
        assertThat(t.logText()).doesNotContain(" ERROR ");
    }
}
