package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Small configurations whose {@code keepalived -t} exit code was measured with keepalived 2.2.7
 * (Debian 12) on a host with eth0 only, its addresses mapped here to the corpus host's eth0
 * (192.168.1.10/24). Each one is a place where Tandem's exit code differed from keepalived's.
 */
class KeepalivedParityTest {

    static String instance(String extra) {
        return instance("192.168.1.5/24", extra);
    }

    static String instance(String vip, String extra) {
        return "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    virtual_ipaddress {\n        " + vip
                + "\n    }\n" + extra + "}\n";
    }

    static String virtualServer(String extra) {
        return instance("") + "virtual_server 192.168.1.5 3306 {\n    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n" + extra
                + "    real_server 192.168.1.20 3306 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n";
    }

    static Stream<Arguments> extraWords() {
        return Stream.of(
                Arguments.of("router_id a b", "global_defs {\n    router_id a b\n}\n" + instance(""), 0),
                Arguments.of("notification_email_from a@b c@d", "global_defs {\n    notification_email_from a@b c@d\n}\n" + instance(""), 0),
                Arguments.of("smtp_connect_timeout 30 x", "global_defs {\n    smtp_connect_timeout 30 x\n}\n" + instance(""), 0),
                Arguments.of("priority 100 x", instance("    priority 100 x\n"), 0),
                Arguments.of("state BACKUP x", instance("    state BACKUP x\n"), 0),
                Arguments.of("advert_int 1 x", instance("    advert_int 1 x\n"), 0),
                Arguments.of("auth_pass ab cd", instance("    authentication {\n        auth_type PASS\n        auth_pass ab cd\n    }\n"), 0),
                Arguments.of("delay_loop 5 x", virtualServer("    delay_loop 5 x\n"), 0),
                Arguments.of("quorum 1 x", virtualServer("    quorum 1 x\n"), 0),
                Arguments.of("lb_kind NAT x", virtualServer("    lvs_method NAT x\n"), 5),
                Arguments.of("lb_kind TUN type ipip", virtualServer("    lb_kind TUN type ipip\n"), 0));
    }

    /** keepalived ignores words after a single value without a word; only lb_kind reads them (tunnel options). */
    @ParameterizedTest(name = "{0} -> exit {2}")
    @MethodSource("extraWords")
    void extraWordsAfterAValue(String what, String config, int keepalivedExit) {
        ConfigLoader.Result r = Load.text(config);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(keepalivedExit);
    }

    private static final String SECURE = "global_defs {\n    enable_script_security\n    script_user root\n}\n";

    static Stream<Arguments> instances() {
        String ok = "/bin/true";
        return Stream.of(
                Arguments.of("unicast_src_ip without unicast_peer", instance("    unicast_src_ip 192.168.1.10\n"), 5),
                Arguments.of("unicast_src_ip (foreign) without unicast_peer", instance("    unicast_src_ip 10.1.1.1\n"), 5),
                Arguments.of("notify twice", SECURE + instance("    notify " + ok + "\n    notify " + ok + "\n"), 5),
                Arguments.of("notify_backup twice", SECURE + instance("    notify_backup " + ok + "\n    notify_backup " + ok + "\n"), 5),
                Arguments.of("sync group notify_master twice", SECURE + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n"
                        + "    notify_master " + ok + "\n    notify_master " + ok + "\n}\n" + instance("")
                        + Load.instance("VI_2", "eth0", 2, "192.168.1.6/24"), 5),
                Arguments.of("real_server notify_up twice", SECURE + instance("") + "virtual_server 192.168.1.5 3306 {\n    protocol TCP\n"
                        + "    lb_algo rr\n    lb_kind NAT\n    real_server 192.168.1.20 3306 {\n        notify_up " + ok + "\n"
                        + "        notify_up " + ok + "\n        TCP_CHECK {\n        }\n    }\n}\n", 5),
                Arguments.of("track_interface of the own interface", instance("    track_interface {\n        eth0\n    }\n"), 5),
                Arguments.of("track_interface of the own interface, weighted", instance("    track_interface {\n        eth0 weight 10\n    }\n"), 5),
                Arguments.of("track_interface weight 253", instance("    track_interface {\n        eth1 weight 253\n    }\n"), 0),
                Arguments.of("track_interface weight 254", instance("    track_interface {\n        eth1 weight 254\n    }\n"), 5),
                Arguments.of("track_interface weight -254", instance("    track_interface {\n        eth1 weight -254\n    }\n"), 5),
                Arguments.of("state master", instance("    state master\n    priority 100\n"), 5),
                Arguments.of("state Master", instance("    state Master\n"), 5),
                Arguments.of("label of 15 characters", instance("192.168.1.5/24 dev eth0 label eth0:abcdefghij", ""), 0),
                Arguments.of("label of 16 characters", instance("192.168.1.5/24 dev eth0 label eth0:abcdefghijk", ""), 5));
    }

    @ParameterizedTest(name = "{0} -> exit {2}")
    @MethodSource("instances")
    void vrrpInstances(String what, String config, int keepalivedExit) {
        ConfigLoader.Result r = Load.text(config);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(keepalivedExit);
    }

    static Stream<Arguments> virtualServers() {
        String second = "virtual_server 192.168.1.5 3306 {\n    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n"
                + "    real_server 192.168.1.21 3306 {\n        TCP_CHECK {\n        }\n    }\n}\n";
        return Stream.of(
                Arguments.of("virtual_server defined twice", virtualServer("") + second, 0),
                Arguments.of("real_server defined twice", virtualServer("    real_server 192.168.1.20 3306 {\n        TCP_CHECK {\n"
                        + "        }\n    }\n"), 5),
                Arguments.of("sorry_server without port", virtualServer("    sorry_server 192.168.1.30\n"), 0),
                Arguments.of("lb_kind dr", virtualServer("").replace("lb_kind NAT", "lb_kind dr"), 5),
                Arguments.of("protocol tcp", virtualServer("").replace("protocol TCP", "protocol tcp"), 0),
                Arguments.of("lb_algo RR", virtualServer("").replace("lb_algo rr", "lb_algo RR"), 5));
    }

    @ParameterizedTest(name = "{0} -> exit {2}")
    @MethodSource("virtualServers")
    void virtualServers(String what, String config, int keepalivedExit) {
        ConfigLoader.Result r = Load.text(config);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(keepalivedExit);
    }

    @org.junit.jupiter.api.Test
    void sorryServerWithoutPortUsesTheServicePort() {
        VirtualServer vs = Load.text(virtualServer("    sorry_server 192.168.1.30\n")).config().virtualServers().getFirst();
        assertThat(vs.sorryServer()).contains(new VirtualServer.Endpoint("192.168.1.30", 3306));
    }

    @org.junit.jupiter.api.Test
    void fwmarkAndGroupVirtualServersSayTheyAreNotSupported() {
        for (String head : new String[] {"fwmark 1", "group G"}) {
            ConfigLoader.Result r = Load.text("virtual_server " + head + " {\n    real_server 192.168.1.20 3306 {\n    }\n}\n");
            assertThat(r.diagnostics()).extracting(Diagnostic::message)
                    .containsExactly("virtual_server " + head.split(" ")[0] + " is not supported by tandem (IPVS only); ignored");
        }
    }

    static Stream<Arguments> globalDefs() {
        return Stream.of(
                Arguments.of("empty notification_email block", "global_defs {\n    notification_email {\n    }\n}\n" + instance(""), 5),
                Arguments.of("one-line notification_email block", "global_defs {\n    notification_email { a@x.com b@y.com }\n}\n"
                        + instance(""), 0));
    }

    @ParameterizedTest(name = "{0} -> exit {2}")
    @MethodSource("globalDefs")
    void globalDefs(String what, String config, int keepalivedExit) {
        ConfigLoader.Result r = Load.text(config);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(keepalivedExit);
    }

    /** Two members A (VRID 1) and B (VRID 2) in sync group G, script chk with weight 10. */
    static String syncGroup(String group, String memberA) {
        return SECURE + "vrrp_script chk {\n    script \"/bin/true\"\n    weight 10\n}\n"
                + "vrrp_sync_group G {\n    group {\n        A\n        B\n    }\n" + group + "}\n"
                + "vrrp_instance A {\n    interface eth0\n    virtual_router_id 1\n    virtual_ipaddress {\n        192.168.1.5/24\n    }\n"
                + memberA + "}\n"
                + "vrrp_instance B {\n    interface eth0\n    virtual_router_id 2\n    virtual_ipaddress {\n        192.168.1.6/24\n    }\n}\n";
    }

    static Stream<Arguments> syncGroupTracking() {
        String script = "    track_script {\n        chk\n    }\n";
        return Stream.of(
                Arguments.of("weighted track_script on the group", syncGroup(script, ""), 0),
                Arguments.of("weighted track_script on a member", syncGroup("", script), 5),
                Arguments.of("... with sync_group_tracking_weight", syncGroup("    sync_group_tracking_weight\n", script), 0),
                Arguments.of("weighted track_interface on a member", syncGroup("", "    track_interface {\n        eth1 weight 5\n    }\n"), 5),
                Arguments.of("global_tracking (deprecated)", syncGroup("    global_tracking\n", ""), 5),
                Arguments.of("unknown script on the group", syncGroup("    track_script {\n        nosuch\n    }\n", ""), 5));
    }

    /** keepalived 2.2.7 vrrp_complete_instance and sync_group_tracking_init, measured in a namespace with eth0 and eth1. */
    @ParameterizedTest(name = "{0} -> exit {2}")
    @MethodSource("syncGroupTracking")
    void syncGroupTracking(String what, String config, int keepalivedExit) {
        ConfigLoader.Result r = Load.text(config);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(keepalivedExit);
    }
}
