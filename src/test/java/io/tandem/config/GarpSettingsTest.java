package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gratuitous ARP timers: keepalived 2.2.7 reads them as whole seconds (delay 0-4294) and counts
 * (1 and up), so '0.5' is an error and 300 is fine. Exit codes checked with keepalived 2.2.7 -t.
 */
class GarpSettingsTest {

    @ParameterizedTest(name = "global_defs {0} -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            vrrp_garp_master_delay 300          | 0
            vrrp_garp_master_delay 5000         | 5
            vrrp_garp_master_delay 0.5          | 5
            vrrp_garp_master_repeat 300         | 0
            vrrp_garp_master_repeat 0           | 5
            vrrp_garp_master_refresh_repeat 300 | 0
            vrrp_garp_master_refresh 0.5        | 5
            """)
    void globalGarpSettings(String line, int exit) {
        ConfigLoader.Result r = Load.text("global_defs {\n    " + line + "\n}\n" + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
    }

    @ParameterizedTest(name = "vrrp_instance {0} -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            garp_master_delay 300   | 0
            garp_master_delay 5000  | 5
            garp_master_repeat 300  | 0
            garp_master_refresh 0.5 | 5
            """)
    void instanceGarpSettings(String line, int exit) {
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    " + line
                + "\n    virtual_ipaddress {\n        192.168.1.5/24\n    }\n}\n");
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            vrrp_garp_master_delay 300;vrrp_garp_master_repeat 300;vrrp_garp_master_refresh 3600;vrrp_garp_master_refresh_repeat 300
            """)
    void largeValuesAreKept(String lines) {
        ConfigLoader.Result r = Load.text("global_defs {\n    " + lines.replace(";", "\n    ") + "\n}\n");
        GlobalDefs g = r.config().globalDefs();
        assertThat(g.vrrpGarpMasterDelay()).hasSeconds(300);
        assertThat(g.vrrpGarpMasterRepeat()).isEqualTo(300);
        assertThat(g.vrrpGarpMasterRefresh()).hasSeconds(3600);
        assertThat(g.vrrpGarpMasterRefreshRepeat()).isEqualTo(300);
    }
}
