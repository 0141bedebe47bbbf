package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How an instance's initial state, priority and preemption settle, as keepalived 2.2.7's
 * vrrp_complete_instance() settles them: an unset priority follows the state (MASTER: 255, the
 * address owner), an unset state follows the priority, and MASTER or 255 cancel nopreempt and
 * preempt_delay with a config error (exit 5), and so does nopreempt cancel preempt_delay. The exit
 * codes and messages were checked with keepalived 2.2.7 -t; the settled values follow its source.
 */
class VrrpInstanceDefaultsTest {

    @ParameterizedTest(name = "[{0}] -> {1} {2} preempt={3} delay={4}s exit {5}")
    @CsvSource(delimiter = '|', textBlock = """
            state MASTER                                | MASTER | 255 | true  | 0  | 0
            state BACKUP                                | BACKUP | 100 | true  | 0  | 0
            priority 150                                | BACKUP | 150 | true  | 0  | 0
            priority 255                                | MASTER | 255 | true  | 0  | 0
            state BACKUP;priority 255                   | BACKUP | 255 | true  | 0  | 0
            state MASTER;priority 300                   | MASTER | 100 | true  | 0  | 5
            state MASTER;priority 150;nopreempt         | MASTER | 150 | true  | 0  | 5
            state MASTER;priority 150;preempt_delay 10  | MASTER | 150 | true  | 0  | 5
            state MASTER;nopreempt                      | MASTER | 255 | true  | 0  | 5
            state BACKUP;priority 255;nopreempt         | BACKUP | 255 | true  | 0  | 5
            state BACKUP;nopreempt;preempt_delay 10     | BACKUP | 100 | false | 0  | 5
            state BACKUP;nopreempt                      | BACKUP | 100 | false | 0  | 0
            state BACKUP;preempt_delay 10               | BACKUP | 100 | true  | 10 | 0
            """)
    void stateAndPriorityAndPreemptSettleAsInKeepalived(String lines, VrrpInstance.InitialState state, int priority,
                                                       boolean preempt, int delaySeconds, int exit) {
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    virtual_ipaddress {\n        192.168.1.10/24\n    }\n    " + lines.replace(";", "\n    ") + "\n}\n");
        VrrpInstance i = r.config().vrrpInstance("VI_1").orElseThrow();
        assertThat(i).extracting(VrrpInstance::state, VrrpInstance::priority, VrrpInstance::preempt, VrrpInstance::preemptDelay)
                .as(Load.show(r)).containsExactly(state, priority, preempt, Duration.ofSeconds(delaySeconds));
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
        if (exit == 0) {
            assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            state MASTER;priority 150;nopreempt        | nopreempt will not work with initial state MASTER
            state MASTER;priority 150;preempt_delay 10 | preempt_delay will not work with initial state MASTER
            state BACKUP;priority 255;nopreempt        | nopreempt is incompatible with priority 255
            state BACKUP;nopreempt;preempt_delay 10    | preempt_delay is incompatible with nopreempt
            """)
    void cancelledSettingsAreReportedAtTheInstance(String lines, String message) {
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    virtual_ipaddress {\n        192.168.1.10/24\n    }\n    " + lines.replace(";", "\n    ") + "\n}\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 1)));
        assertThat(r.diagnostics().getFirst().message()).contains("(VI_1) " + message);
    }
}
