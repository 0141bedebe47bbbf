package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A virtual_server must name its protocol, scheduler and forwarding method: keepalived 2.2.7 fills
 * in UDP, wlc and NAT with a config error each (exit 5). Exit codes checked with keepalived 2.2.7 -t.
 * Tandem serves TCP only, so it keeps TCP where keepalived would take UDP.
 */
class VirtualServerDefaultsTest {

    private static ConfigLoader.Result load(String lines) {
        return Load.text(Load.instance("VI_1", "eth0", 1, "192.168.1.5/24") + "virtual_server 192.168.1.5 3306 {\n    "
                + lines.replace(";", "\n    ") + "\n    real_server 192.168.1.10 3306 {\n        weight 1\n    }\n}\n");
    }

    @ParameterizedTest(name = "[{0}] -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            protocol TCP;lb_algo rr;lb_kind NAT        | 0 |
            protocol TCP;lvs_sched rr;lvs_method DR    | 0 |
            lb_algo rr;lb_kind NAT                     | 5 | no protocol set
            protocol TCP;lb_kind NAT                   | 5 | no scheduler set
            protocol TCP;lb_algo rr                    | 5 | no forwarding method set
            """)
    void protocolSchedulerAndForwardingMethodMustBeSet(String lines, int exit, String message) {
        ConfigLoader.Result r = load(lines);
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
        if (message != null) {
            assertThat(r.diagnostics()).filteredOn(d -> d.severity() != Severity.NOTICE)
                    .extracting(Diagnostic::severity, Diagnostic::at).containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 8)));
            assertThat(Load.find(r, Severity.ERROR, message)).hasSize(1);
        }
        VirtualServer vs = r.config().virtualServers().getFirst();
        assertThat(vs.protocol()).isEqualTo("TCP");
        assertThat(vs.lbAlgo()).isIn("rr", "wlc");
        assertThat(vs.lbKind()).isIn("NAT", "DR");
    }
}
