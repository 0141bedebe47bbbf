package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of {@code tcpdump -n -tt -e} lines as captured in the benchmark's client host. */
class WireTest {
    private static final String VIP = "10.231.2.100";
    private static final Map<String, String> MACS = Map.of("02:00:0a:e7:02:0b", "db1", "02:00:0a:e7:02:0c", "db2");

    @Test
    void advertsGratuitousArpsAndPriorityZeroAreRecognisedAndOrdinaryArpIsNot() {
        Wire w = Wire.parse(List.of(
                "1795617574.954730 02:00:0a:e7:02:0b > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.231.2.11"
                        + " > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20",
                "1795617574.959352 02:00:0a:e7:02:0b > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request"
                        + " who-has 10.231.2.100 (ff:ff:ff:ff:ff:ff) tell 10.231.2.100, length 28",
                "1795617574.960837 02:00:0a:e7:02:0b > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request"
                        + " who-has 10.231.2.13 tell 10.231.2.100, length 28",
                "1795617570.684474 02:00:0a:e7:02:0d > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request"
                        + " who-has 10.231.2.100 tell 10.231.2.13, length 28",
                "1795617607.565347 02:00:0a:e7:02:0b > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.231.2.11"
                        + " > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 0, authtype none, intvl 1s, length 20",
                "1795617608.1 02:00:0a:e7:02:0c > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.231.2.12"
                        + " > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 100, intvl 100cs, length 12"), MACS, VIP);

        assertThat(w.packets()).containsExactly(
                new Wire.Packet(1795617574954730L, "db1", Wire.Kind.ADVERT, 150),
                new Wire.Packet(1795617574959352L, "db1", Wire.Kind.GARP, -1),
                new Wire.Packet(1795617607565347L, "db1", Wire.Kind.ADVERT, 0),
                new Wire.Packet(1795617608100000L, "db2", Wire.Kind.ADVERT, 100));
        assertThat(w.first(Wire.Kind.ADVERT, "db1", 1795617575000000L, 0)).hasValue(1795617607565347L);
        assertThat(w.lastLive(Wire.Kind.ADVERT, "db1", 1795617608000000L)).hasValue(1795617574954730L);
        assertThat(w.first(Wire.Kind.GARP, "db2", 0, -1)).isEmpty();
    }

    @Test
    void aReplyAnnouncingTheVipIsGratuitous() {
        assertThat(Wire.isGratuitous("1.0 02:00:0a:e7:02:0b > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Reply "
                + VIP + " is-at 02:00:0a:e7:02:0b, length 28", VIP)).isTrue();
    }
}
