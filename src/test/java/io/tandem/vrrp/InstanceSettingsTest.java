package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** keepalived's corrections in vrrp_complete_instance (2.2.7). */
class InstanceSettingsTest {
    private static final InstanceSettings BASE = InstanceSettings.defaults(ProtocolVersion.V3, Addresses.of(10, 0, 0, 1));

    @Test
    void anOwnerAlwaysPreempts() {
        InstanceSettings s = BASE.withInitialState(InitialState.BACKUP).withPriority(255).withPreempt(false);
        assertThat(s.preempt()).isTrue();
        assertThat(s.wantsMaster()).isFalse();
    }

    @Test
    void stateMasterClearsNopreemptAndPreemptDelay() {
        InstanceSettings s = BASE.withPreemptDelay(Duration.ofSeconds(10)).withPreempt(false).withInitialState(InitialState.MASTER);
        assertThat(s.preempt()).isTrue();
        assertThat(s.preemptDelay()).isZero();
        assertThat(BASE.withPriority(255).withPreemptDelay(Duration.ofSeconds(3)).preemptDelay())
                .as("an owner without a state keyword wants MASTER").isZero();
    }

    @Test
    void nopreemptClearsPreemptDelay() {
        assertThat(BASE.withPreemptDelay(Duration.ofSeconds(10)).withPreempt(false).preemptDelay()).isZero();
        assertThat(BASE.withPreemptDelay(Duration.ofSeconds(10)).preemptDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsWhatCannotRun() {
        assertThatThrownBy(() -> BASE.withPriority(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.withAdvertInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.withPreemptDelay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
