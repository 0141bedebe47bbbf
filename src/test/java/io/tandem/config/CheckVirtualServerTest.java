package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tandem's {@code check_virtual_server ADDR PORT} in a vrrp_script: the balancer tracks its own proxy. */
class CheckVirtualServerTest {
    private static final String SERVICE = """
            virtual_server 192.168.1.5 3306 {
                protocol TCP
                lb_algo rr
                lb_kind NAT
                real_server 192.168.1.20 3306 {
                    TCP_CHECK {
                    }
                }
            }
            """;

    private static ConfigLoader.Result load(String scriptBody) {
        return Load.text("vrrp_script chk_proxy {\n" + scriptBody + "    interval 0.5\n    fall 2\n}\n"
                + "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    virtual_ipaddress {\n        192.168.1.5/24\n    }\n"
                + "    track_script {\n        chk_proxy\n    }\n}\n"
                + SERVICE);
    }

    @Test
    void aScriptMayCheckAVirtualServerOfThisConfiguration() {
        ConfigLoader.Result r = load("    check_virtual_server 192.168.1.5 3306\n");
        assertThat(Load.find(r, Severity.ERROR, "")).as(Load.show(r)).isEmpty();
        VrrpScript s = r.config().vrrpScript("chk_proxy").orElseThrow();
        assertThat(s.virtualServer()).contains(new VirtualServer.Endpoint("192.168.1.5", 3306));
        assertThat(s.script()).isEmpty();
        assertThat(s.fall()).isEqualTo(2);
    }

    @Test
    void aVirtualServerThatIsNotConfiguredIsAnErrorNamingTheScript() {
        ConfigLoader.Result r = load("    check_virtual_server 192.168.1.5 3307\n");
        assertThat(Load.find(r, Severity.ERROR, "vrrp_script chk_proxy: check_virtual_server 192.168.1.5 3307 names no virtual_server"))
                .hasSize(1);
    }

    @Test
    void aScriptAndACheckTogetherIsAnError() {
        ConfigLoader.Result r = load("    script /bin/true\n    check_virtual_server 192.168.1.5 3306\n");
        assertThat(Load.find(r, Severity.ERROR, "more than one of")).hasSize(1);
        assertThat(r.config().vrrpScript("chk_proxy").orElseThrow().script()).isEmpty();
    }

    @Test
    void aMissingPortIsAnError() {
        ConfigLoader.Result r = load("    check_virtual_server 192.168.1.5\n");
        assertThat(Load.find(r, Severity.ERROR, "'check_virtual_server' needs an address and a port")).hasSize(1);
    }
}
