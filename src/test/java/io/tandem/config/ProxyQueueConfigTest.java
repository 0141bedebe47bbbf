package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tandem's {@code proxy_queue_timeout} in a virtual_server: how long a connection waits for a slot
 * when every real server it could use is at its uthreshold (haproxy's {@code timeout queue}).
 */
class ProxyQueueConfigTest {
    private static ConfigLoader.Result load(String service) {
        return Load.text("virtual_server 192.168.1.5 3306 {\n"
                + "    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n" + service
                + "    real_server 192.168.1.10 3306 {\n        uthreshold 100\n        TCP_CHECK {\n        }\n    }\n}\n");
    }

    @Test
    void secondsWithDecimalsAndZeroForNoQueue() {
        ConfigLoader.Result r = load("    proxy_queue_timeout 2.5\n");
        assertThat(r.exitCode(false)).as(Load.show(r)).isZero();
        assertThat(r.config().virtualServers().getFirst().queueTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(load("    proxy_queue_timeout 0\n").config().virtualServers().getFirst().queueTimeout()).isZero();
    }

    @Test
    void withoutItTheQueueWaitsAsLongAsAConnectMay() {
        VirtualServer plain = load("").config().virtualServers().getFirst();
        assertThat(plain.queueTimeout()).isEqualTo(VirtualServer.DEFAULT_PROXY_CONNECT_TIMEOUT);
        VirtualServer connect = load("    proxy_connect_timeout 0.7\n").config().virtualServers().getFirst();
        assertThat(connect.queueTimeout()).as("haproxy: timeout queue defaults to timeout connect").isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aNegativeOrWrongValueIsAnErrorOnItsLine() {
        ConfigLoader.Result r = load("    proxy_queue_timeout -1\n");
        List<Diagnostic> errors = Load.find(r, Severity.ERROR, "'proxy_queue_timeout': -1 s is outside [0");
        assertThat(errors).as(Load.show(r)).hasSize(1);
        assertThat(errors.getFirst().at().line()).isEqualTo(5);
        assertThat(r.config().virtualServers().getFirst().proxyQueueTimeout()).isEmpty();
        assertThat(Load.find(load("    proxy_queue_timeout soon\n"), Severity.ERROR, "invalid number of seconds 'soon'")).hasSize(1);
    }
}
