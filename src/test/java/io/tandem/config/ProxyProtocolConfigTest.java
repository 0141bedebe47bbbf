package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tandem's {@code proxy_protocol v1|v2} in a virtual_server: haproxy's send-proxy, in keepalived's style. */
class ProxyProtocolConfigTest {
    private static ConfigLoader.Result load(String service) {
        return Load.text("virtual_server 192.168.1.5 3306 {\n"
                + "    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n" + service
                + "    real_server 192.168.1.10 3306 {\n        TCP_CHECK {\n        }\n    }\n}\n");
    }

    @Test
    void v1AndV2AreReadInEitherCase() {
        ConfigLoader.Result v1 = load("    proxy_protocol v1\n");
        ConfigLoader.Result v2 = load("    proxy_protocol V2\n");
        assertThat(v1.exitCode(false)).as(Load.show(v1)).isZero();
        assertThat(v1.config().virtualServers().getFirst().proxyProtocol()).contains(VirtualServer.ProxyProtocol.V1);
        assertThat(v2.config().virtualServers().getFirst().proxyProtocol()).contains(VirtualServer.ProxyProtocol.V2);
        assertThat(load("").config().virtualServers().getFirst().proxyProtocol()).as("off unless asked").isEmpty();
    }

    @Test
    void anotherVersionIsAnErrorOnItsLineAndNoHeaderIsSent() {
        ConfigLoader.Result r = load("    proxy_protocol v3\n");
        List<Diagnostic> errors = Load.find(r, Severity.ERROR, "'proxy_protocol v3': expected v1 or v2");
        assertThat(errors).as(Load.show(r)).hasSize(1);
        assertThat(errors.getFirst().at().line()).isEqualTo(5);
        assertThat(r.config().virtualServers().getFirst().proxyProtocol()).isEmpty();
        assertThat(Load.find(load("    proxy_protocol\n"), Severity.ERROR, "'proxy_protocol' is missing its value")).hasSize(1);
    }
}
