package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VrrpTimersTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void v3SkewAndMasterDownScaleWithTheMastersInterval() {
        // RFC 5798 §6.1: Skew_Time = ((256 - 100) * 100 cs) / 256 = 60.9375 cs
        assertThat(VrrpTimers.skewTime(ProtocolVersion.V3, 100, ONE_SECOND)).isEqualTo(Duration.ofNanos(609_375_000));
        assertThat(VrrpTimers.masterDownInterval(ProtocolVersion.V3, 100, ONE_SECOND))
                .isEqualTo(Duration.ofNanos(3_609_375_000L));
        assertThat(VrrpTimers.skewTime(ProtocolVersion.V3, 100, Duration.ofSeconds(2))).isEqualTo(Duration.ofNanos(1_218_750_000));
        assertThat(VrrpTimers.masterDownInterval(ProtocolVersion.V3, 100, Duration.ofMillis(10)))
                .isEqualTo(Duration.ofNanos(30_000_000 + 6_093_750));
    }

    @Test
    void v2SkewIgnoresTheInterval() {
        // RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256 seconds
        assertThat(VrrpTimers.skewTime(ProtocolVersion.V2, 100, Duration.ofSeconds(2))).isEqualTo(Duration.ofNanos(609_375_000));
        assertThat(VrrpTimers.masterDownInterval(ProtocolVersion.V2, 100, Duration.ofSeconds(2)))
                .isEqualTo(Duration.ofNanos(6_609_375_000L));
    }

    @Test
    void higherPriorityMeansShorterSkew() {
        assertThat(VrrpTimers.skewTime(ProtocolVersion.V3, 255, ONE_SECOND)).isEqualTo(Duration.ofNanos(3_906_250));
        assertThat(VrrpTimers.skewTime(ProtocolVersion.V3, 1, ONE_SECOND)).isEqualTo(Duration.ofNanos(996_093_750));
        assertThat(VrrpTimers.skewTimeNanos(ProtocolVersion.V2, 254, 1))
                .isLessThan(VrrpTimers.skewTimeNanos(ProtocolVersion.V2, 253, 1));
    }

    @Test
    void priorityZeroHasNoSkew() {
        assertThatThrownBy(() -> VrrpTimers.skewTimeNanos(ProtocolVersion.V3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpTimers.skewTimeNanos(ProtocolVersion.V3, 256, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
