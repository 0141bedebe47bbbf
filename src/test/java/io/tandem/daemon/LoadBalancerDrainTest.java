package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.host.FileConfigSource;
import io.tandem.host.LocalHostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which backends {@code drain BACKEND [vs=ADDR:PORT]} names, and what it answers: every virtual
 * server that has it, or the one asked; an address alone only when it has one port; refusals name
 * what exists. Listeners on loopback ports free a moment before; nothing listens on the real servers' ports,
 * which does not matter to a drain.
 */
class LoadBalancerDrainTest {
    private static final String CONF = """
            virtual_server 127.0.0.1 %d {
                delay_loop 60
                lb_algo rr
                protocol TCP
                real_server 127.0.0.3 3306 {
                    TCP_CHECK {
                        connect_timeout 0.2
                    }
                }
                real_server 127.0.0.4 3306 {
                    TCP_CHECK {
                        connect_timeout 0.2
                    }
                }
            }
            virtual_server 127.0.0.2 %d {
                delay_loop 60
                lb_algo rr
                protocol TCP
                real_server 127.0.0.3 3306 {
                    TCP_CHECK {
                        connect_timeout 0.2
                    }
                }
                real_server 127.0.0.3 3307 {
                    TCP_CHECK {
                        connect_timeout 0.2
                    }
                }
            }
            """;

    private String vs1;
    private String vs2;

    private static int freePort(String address) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private LoadBalancer balancer(Path dir) throws Exception {
        int p1 = freePort("127.0.0.1");
        int p2 = freePort("127.0.0.2");
        vs1 = "127.0.0.1:" + p1;
        vs2 = "127.0.0.2:" + p2;
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, CONF.formatted(p1, p2));
        ConfigLoader.Result r = ConfigLoader.load(file.toString(), new FileConfigSource(), new LocalHostFacts());
        assertThat(r.config().virtualServers()).as(r.diagnostics().toString()).hasSize(2);
        return new LoadBalancer(r.config());
    }

    private static Operations.Outcome ask(LoadBalancer lb, String line) {
        ControlRequest r = ControlRequest.parse(line);
        return lb.drain(r, r.verb().equals("drain"));
    }

    @Test
    void drainNamesEveryVirtualServerThatHasTheBackendOrTheOneAsked(@TempDir Path dir) throws Exception {
        try (LoadBalancer lb = balancer(dir)) {
            Operations.Outcome both = ask(lb, "drain 127.0.0.3:3306");
            assertThat(both.done()).isTrue();
            assertThat(both.text()).contains("drained 127.0.0.3:3306 in virtual_server " + vs1 + " (0 active connections will finish; 0 new)")
                    .contains("drained 127.0.0.3:3306 in virtual_server " + vs2 + " (0 active connections will finish; 0 new)");
            assertThat(lb.views()).allSatisfy(v -> assertThat(v.backends()).filteredOn(b -> b.address().equals("127.0.0.3") && b.port() == 3306)
                    .singleElement().satisfies(b -> assertThat(b.drained()).isTrue()));

            Operations.Outcome one = ask(lb, "ready 127.0.0.3:3306 vs=" + vs2);
            assertThat(one.done()).isTrue();
            assertThat(one.text()).as("up, or down once its first check ran: either way one line")
                    .startsWith("ready 127.0.0.3:3306 in virtual_server " + vs2 + ": takes new connections ").hasLineCount(1);
            assertThat(ask(lb, "ready 127.0.0.3:3306 vs=" + vs2).text())
                    .isEqualTo("127.0.0.3:3306 in virtual_server " + vs2 + " was not drained; nothing to do\n");
            assertThat(ask(lb, "drain 127.0.0.3:3306 vs=" + vs1).text())
                    .startsWith("127.0.0.3:3306 in virtual_server " + vs1 + " was already drained (0 active connections)\n");
            assertThat(ask(lb, "drain 127.0.0.4").text()).as("an address with one port")
                    .startsWith("drained 127.0.0.4:3306 in virtual_server " + vs1 + " (");
        }
    }

    @Test
    void refusalsNameWhatExists(@TempDir Path dir) throws Exception {
        try (LoadBalancer lb = balancer(dir)) {
            Operations.Outcome several = ask(lb, "drain 127.0.0.3");
            assertThat(several.done()).isFalse();
            assertThat(several.text()).isEqualTo("error: 127.0.0.3 has several ports in any virtual_server: 127.0.0.3:3306 (virtual_server"
                    + " " + vs1 + "), 127.0.0.3:3306 (virtual_server " + vs2 + "), 127.0.0.3:3307 (virtual_server " + vs2 + ");"
                    + " name one as ADDRESS:PORT\n");
            assertThat(ask(lb, "drain 127.0.0.3 vs=" + vs1).done()).as("one port in that virtual server").isTrue();

            Operations.Outcome unknown = ask(lb, "drain 127.0.0.9:3306 vs=" + vs1);
            assertThat(unknown.done()).isFalse();
            assertThat(unknown.text()).isEqualTo("error: no real_server 127.0.0.9:3306 in virtual_server " + vs1 + "; real servers:"
                    + " 127.0.0.3:3306 (virtual_server " + vs1 + "), 127.0.0.4:3306 (virtual_server " + vs1 + ")\n");
            assertThat(ask(lb, "drain 127.0.0.3:3306 vs=10.9.9.9:1").text())
                    .isEqualTo("error: no virtual_server 10.9.9.9:1; configured: " + vs1 + ", " + vs2 + "\n");
            assertThat(ask(lb, "drain").text()).isEqualTo("error: no BACKEND given (ADDRESS:PORT or ADDRESS); usage: drain BACKEND [vs=ADDRESS:PORT]\n");
            assertThat(ask(lb, "ready 127.0.0.3:http").text()).startsWith("error: 127.0.0.3:http: not a BACKEND (the port must be 1..65535)");
            assertThat(lb.views()).flatExtracting(v -> v.backends()).filteredOn(b -> b.drained()).hasSize(1);
        }
    }
}
