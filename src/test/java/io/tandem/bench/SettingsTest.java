package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The targets of the issue and the shared configuration text. */
class SettingsTest {
    @Test
    void targetsFollowTheIssueForVrrpV3() {
        Settings one = new Settings(3, new BigDecimal("1"));
        assertThat(one.stopTarget()).isEqualTo(Duration.ofNanos(609_375_000L + 20_000_000L));
        assertThat(one.crashTarget()).isEqualTo(Duration.ofNanos(3_609_375_000L + 20_000_000L));
        Settings tenth = new Settings(3, new BigDecimal("0.1"));
        assertThat(tenth.stopTarget()).isEqualTo(Duration.ofNanos(60_937_500L + 20_000_000L));
        assertThat(tenth.crashTarget()).isEqualTo(Duration.ofNanos(360_937_500L + 20_000_000L));
        assertThat(tenth.masterDown(Settings.MASTER_PRIORITY)).isEqualTo(Duration.ofNanos(341_406_250L));
    }

    @Test
    void vrrpV2TakesWholeSecondsOnly() {
        assertThatThrownBy(() -> new Settings(2, new BigDecimal("0.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Settings(2, new BigDecimal("1")).skew(100)).isEqualTo(Duration.ofNanos(609_375_000L));
    }

    @Test
    void bothDaemonsGetTheSameInstance() {
        String conf = new Settings(3, new BigDecimal("0.10")).conf("db1", 150, "10.231.1.100");
        assertThat(conf).contains("virtual_router_id 51", "priority 150", "advert_int 0.1", "vrrp_version 3",
                "state BACKUP", "10.231.1.100/24 dev eth0 label eth0:vip");
    }

    @Test
    void statsTakeTheMedianOfWhatWasMeasured() {
        Stats s = Stats.of(Arrays.asList(3.0, Double.NaN, 1.0, 2.0, 10.0));
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(Stats.of(java.util.List.of())).isEqualTo(Stats.NONE);
    }
}
