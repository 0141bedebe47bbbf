package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.AdvertDecoder;
import io.tandem.vrrp.Auth;
import io.tandem.vrrp.Expectation;
import io.tandem.vrrp.Reason;
import io.tandem.vrrp.Rejected;
import io.tandem.vrrp.Verdict;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each flooded advert fails exactly the check it is named for, and the report says what was measured. */
class FloodTest {
    private final Settings settings = new Settings(2, new BigDecimal("1")).withPassword("s3cret");

    @Test
    void eachKindFailsItsOneCheck() throws Exception {
        Inet4Address source = (Inet4Address) InetAddress.getByName("10.231.1.9");
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.231.1.100");
        Expectation pair = Expectation.v2(Settings.VRID, Auth.password("s3cret"), Duration.ofSeconds(1), List.of(vip));
        assertThat(reasons(Flood.packets(Flood.Kind.MIXED, settings, source, vip), pair))
                .containsExactly(Reason.PASSWORD_MISMATCH, Reason.ADVERT_INTERVAL_MISMATCH, Reason.CHECKSUM_INVALID);
        assertThat(reasons(Flood.packets(Flood.Kind.PASSWORD, settings, source, vip), pair)).containsExactly(Reason.PASSWORD_MISMATCH);
        assertThat(reasons(Flood.packets(Flood.Kind.INTERVAL, settings, source, vip), pair))
                .containsExactly(Reason.ADVERT_INTERVAL_MISMATCH);
        assertThat(reasons(Flood.packets(Flood.Kind.CHECKSUM, settings, source, vip), pair)).containsExactly(Reason.CHECKSUM_INVALID);
    }

    @Test
    void theConfigurationCarriesThePasswordForBothDaemons() {
        assertThat(settings.conf("db1", 150, "10.231.1.100")).contains("auth_type PASS", "auth_pass s3cret", "vrrp_version 2");
        assertThat(new Settings(2, new BigDecimal("1")).conf("db1", 150, "10.231.1.100")).doesNotContain("authentication");
        assertThatThrownBy(() -> new Settings(3, new BigDecimal("1")).withPassword("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReportHasOneRowPerDaemonAndRate() {
        List<Flood.Result> results = List.of(
                new Flood.Result(DaemonKind.TANDEM, Flood.Kind.MIXED, 2, Duration.ofSeconds(10), 20, 0, 0, 0, 10, 10, 0, ""),
                new Flood.Result(DaemonKind.KEEPALIVED, Flood.Kind.MIXED, 2, Duration.ofSeconds(10), 20, 4, 812.4, 120, 1, 10, 3, ""));
        String md = FloodBench.markdown(settings, results, Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(50),
                "Run X.", Instant.now(), List.of());
        assertThat(md).contains("| mixed | 2/s | Tandem | 20 | 0 | 0 ms | 0 | 10 (10) | 0 |",
                "| mixed | 2/s | keepalived | 20 | 4 | 812 ms | 120 | 1 (10) | 3 |");
    }

    private static List<Reason> reasons(List<byte[]> packets, Expectation pair) {
        return packets.stream().map(p -> {
            Verdict v = pair.check(AdvertDecoder.datagram(p));
            assertThat(v).isInstanceOf(Rejected.class);
            return ((Rejected) v).reason();
        }).toList();
    }
}
