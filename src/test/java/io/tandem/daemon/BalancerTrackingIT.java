package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDbLabTest;
import io.tandem.lab.MariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Tandem balancers share a read VIP by VRRP; each tracks its own proxy with a
 * {@code vrrp_script} holding {@code check_virtual_server VIP 3306}. The active one loses its
 * route to the only real server (a blackhole route in its namespace): its proxy can no longer
 * place a connection, the script fails, the instance enters FAULT and the other balancer, which
 * still reaches the server, takes the VIP; queries through the VIP succeed again. When the route
 * comes back the first one recovers and, with the higher priority, takes the VIP back.
 */
class BalancerTrackingIT extends MariaDbLabTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<LabProcess> daemons = new ArrayList<>();

    @AfterEach
    void teardown() {
        for (LabProcess t : daemons) { // the state changes and check results, for a failed run
            System.out.println(t.host().name() + ":\n" + t.logText().lines().filter(l -> !l.contains(" DEBUG "))
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
    }

    private static String conf(String routerId, int priority, String vip, Host r1) {
        return """
                global_defs {
                    router_id %s
                }
                vrrp_script chk_proxy {
                    check_virtual_server %s 3306
                    interval 0.5
                    timeout 0.5
                    fall 2
                    rise 2
                }
                vrrp_instance VI_R {
                    state BACKUP
                    interface eth0
                    virtual_router_id 53
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                    track_script {
                        chk_proxy
                    }
                }
                virtual_server %s 3306 {
                    delay_loop 0.3
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server %s 3306 {
                        TCP_CHECK {
                            connect_timeout 0.3
                            retry 0
                        }
                    }
                }
                """.formatted(routerId, vip, priority, vip, vip, r1.address().getHostAddress());
    }

    private static String idThrough(Host client, String vip) {
        CommandResult r = client.exec(Duration.ofSeconds(15), "mariadb", "--connect-timeout=2", "-h", vip, "-P", "3306",
                "-u", "app", "-papp-pw", "-N", "-B", "-e", "SELECT @@server_id");
        return r.exitCode() == 0 ? r.stdout().strip() : "error: " + r.stderr().strip();
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
    void theBalancerThatCannotServeGivesUpTheVip() throws Exception {
        Host r1 = lab.addHost("r1");
        Host lb1 = lab.addHost("lb1");
        Host lb2 = lab.addHost("lb2");
        Host client = lab.addHost("client");
        MariaDb m1 = r1.startMariaDb();
        m1.sql("CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT ON *.* TO 'app'@'%'");
        String id = String.valueOf(m1.serverId());
        String vip = lab.subnet().address(100).getHostAddress();
        for (Host lb : List.of(lb1, lb2)) {
            Path file = lb.dir().resolve("tandem.conf");
            Files.writeString(file, conf(lb.name(), lb == lb1 ? 150 : 100, vip, r1));
            LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString());
            daemons.add(t);
        }
        LabProcess t1 = daemons.get(0);
        LabProcess t2 = daemons.get(1);
        await(() -> VrrpLab.holdsAddress(lb1, "eth0", vip), () -> t1.tail(30));
        await(() -> idThrough(client, vip).equals(id), () -> t1.tail(30));
        assertThat(t1.logText()).contains("chk_proxy").doesNotContain("FAULT");

        // lb1 loses its way to the real server: its proxy has nowhere to send a connection
        long cut = System.nanoTime();
        lb1.execOrThrow("ip", "route", "add", "blackhole", r1.address().getHostAddress() + "/32");
        t1.awaitLog("real_server " + r1.address().getHostAddress() + ":3306 down", WAIT);
        t1.awaitLog("-> FAULT", WAIT);
        await(() -> VrrpLab.holdsAddress(lb2, "eth0", vip) && idThrough(client, vip).equals(id), () -> t2.tail(30));
        System.out.printf("real server unreachable from the active balancer -> queries through the VIP answered via lb2 after %d ms%n",
                (System.nanoTime() - cut) / 1_000_000);
        assertThat(VrrpLab.holdsAddress(lb1, "eth0", vip)).isFalse();

        // the route comes back: lb1 serves again and, with priority 150, takes the VIP back
        lb1.execOrThrow("ip", "route", "del", "blackhole", r1.address().getHostAddress() + "/32");
        await(() -> VrrpLab.holdsAddress(lb1, "eth0", vip), () -> t1.tail(30));
        await(() -> idThrough(client, vip).equals(id), () -> t1.tail(30));
        assertThat(t1.logText()).doesNotContain(" ERROR ");
        assertThat(t2.logText()).contains("BACKUP -> MASTER").doesNotContain(" ERROR ");
    }
}
