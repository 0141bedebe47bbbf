package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriorityTest {
    @Test
    void effectivePriorityIsClampedToOneTo254() {
        assertThat(Priority.effective(100, 0)).isEqualTo(100);
        assertThat(Priority.effective(100, 50)).isEqualTo(150);
        assertThat(Priority.effective(100, 200)).isEqualTo(254);
        assertThat(Priority.effective(254, 1)).isEqualTo(254);
        assertThat(Priority.effective(100, -99)).isEqualTo(1);
        assertThat(Priority.effective(100, -500)).isEqualTo(1);
        assertThat(Priority.effective(1, Integer.MIN_VALUE)).isEqualTo(1);
        assertThat(Priority.effective(1, Integer.MAX_VALUE)).isEqualTo(254);
    }

    @Test
    void theOwnerIsNeverMovedByTracking() {
        assertThat(Priority.effective(255, -100)).isEqualTo(255);
        assertThat(Priority.effective(255, 100)).isEqualTo(255);
    }

    @Test
    void basePriorityMustBeValid() {
        assertThatThrownBy(() -> Priority.effective(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Priority.effective(256, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
