package io.tandem.vrrp;

import static io.tandem.vrrp.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.vrrp.KeepalivedVectors.Frame;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real keepalived 2.2.7 packets decode to exactly the fields tcpdump and the capture tool saw, and
 * encode back to the same bytes, IP header included (DESIGN.md §5.1).
 */
class KeepalivedVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Frame> allFrames() {
        return Stream.concat(KeepalivedVectors.jsonFrames(), KeepalivedVectors.hexTxtFrames());
    }

    @Test
    void theVectorsAreAllThere() {
        List<Map<String, Object>> records = KeepalivedVectors.jsonRecords();
        assertThat(records).hasSize(37);
        assertThat(KeepalivedVectors.jsonFrames()).hasSize(21);
        assertThat(KeepalivedVectors.hexTxtFrames()).hasSize(24); // 6 sets x (2 nodes x (advert + priority 0))
        assertThat(records).filteredOn(r -> "arp".equals(MiniJson.object(r.get("decoded")).get("kind"))).hasSize(16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFrames")
    void decodesToTheCapturedFields(Frame f) {
        assertThat(HEX.formatHex(f.datagram())).isEqualTo(f.ipHeaderHex() + f.vrrpHex());

        DecodeResult result = AdvertDecoder.datagram(f.datagram());

        assertThat(result).isInstanceOf(Received.class);
        Received received = (Received) result;
        Advert advert = received.advert();
        assertThat(received.source()).isEqualTo(ip(f.text("ip_src")));
        assertThat(received.destination()).isEqualTo(ip(f.text("ip_dst")));
        assertThat(received.ttl()).isEqualTo(f.number("ttl"));
        assertThat(advert.version()).isEqualTo(f.number("version"));
        assertThat(advert.type()).isEqualTo(f.number("type"));
        assertThat(advert.vrid()).isEqualTo(f.number("vrid"));
        assertThat(advert.priority()).isEqualTo(f.number("prio"));
        assertThat(advert.addresses()).hasSize((int) f.number("count"));
        assertThat(advert.addresses()).map(Inet4Address::getHostAddress)
                .containsExactlyElementsOf(MiniJson.array(f.decoded().get("addrs")).stream().map(String.class::cast).toList());
        assertThat(advert.length()).isEqualTo(f.number("vrrp_len"));
        if (advert.version() == 2) {
            assertThat(advert.advertInterval()).isEqualTo(Duration.ofSeconds(f.number("adver_int_s")));
            Class<?> authClass = f.number("auth_type") == 0 ? Auth.None.class : Auth.SimpleText.class;
            assertThat(advert.auth()).isInstanceOf(authClass);
            byte[] data = advert.auth() instanceof Auth.None n ? n.data() : ((Auth.SimpleText) advert.auth()).data();
            assertThat(HEX.formatHex(data)).isEqualTo(f.text("auth_data"));
            assertThat(f.decoded().get("checksum_ok")).isEqualTo(true);
        } else {
            assertThat(advert.advertInterval()).isEqualTo(Duration.ofMillis(10 * f.number("max_adver_int_cs")));
            assertThat(advert.auth()).isEqualTo(Auth.ABSENT);
            assertThat(f.number("rsvd")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFrames")
    void encodesBackByteExact(Frame f) {
        Received received = (Received) AdvertDecoder.datagram(f.datagram());
        Inet4Address src = received.source();
        Inet4Address dst = received.destination();

        byte[] payload = AdvertEncoder.payload(received.advert(), src, dst);
        byte[] datagram = AdvertEncoder.datagram(received.advert(), src, dst, (int) f.number("ip_id"));

        assertThat(HEX.formatHex(payload)).isEqualTo(f.vrrpHex());
        assertThat(HEX.formatHex(payload, AdvertChecksum.OFFSET, AdvertChecksum.OFFSET + 2)).isEqualTo(f.text("checksum"));
        assertThat(HEX.formatHex(datagram)).isEqualTo(f.ipHeaderHex() + f.vrrpHex());
        assertThat(datagram).hasSize((int) f.number("ip_len"));
        assertThat(datagram[1] & 0xff).isEqualTo(f.number("tos"));
        assertThat((datagram[0] & 0x0f) * 4).isEqualTo(f.number("ihl"));
        assertThat((datagram[6] & 0x40) != 0).isEqualTo(f.decoded().get("df"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allFrames")
    void bareVrrpPayloadDecodesTheSame(Frame f) {
        Received fromDatagram = (Received) AdvertDecoder.datagram(f.datagram());

        DecodeResult fromPayload = AdvertDecoder.payload(f.vrrp(), fromDatagram.source(), fromDatagram.destination(), 255);

        assertThat(fromPayload).isEqualTo(fromDatagram);
    }

    /** The capture tool checked each v3 checksum with and without the pseudo-header; so do we. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allFrames")
    void v3ChecksumCoversThePseudoHeaderAndV2DoesNot(Frame f) {
        byte[] vrrp = f.vrrp();
        boolean verifiesAlone = Checksum.verifies(Checksum.add(0, vrrp, 0, vrrp.length));
        Inet4Address src = ip(f.text("ip_src"));
        DecodeResult withOtherDestination = AdvertDecoder.payload(vrrp, src, ip("224.0.0.19"), 255);
        if (f.number("version") == 3) {
            assertThat(verifiesAlone).isEqualTo(f.decoded().get("checksum_ok_without_pseudo")).isFalse();
            assertThat(withOtherDestination).isInstanceOfSatisfying(Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(Reason.CHECKSUM_INVALID));
        } else {
            assertThat(verifiesAlone).isTrue();
            assertThat(withOtherDestination).isInstanceOf(Received.class);
        }
    }

    /** The configs next to the captures (ka1/ka2 conf): each instance accepts its peer's adverts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allFrames")
    void theCapturedInstanceAcceptsIt(Frame f) {
        String set = f.name().replaceFirst("^vectors.json #\\d+ ", "").replaceFirst("\\.(pcap|hex\\.txt).*", "");
        List<Inet4Address> vips = set.contains("2vip") ? List.of(Addresses.VIP, Addresses.VIP2) : List.of(Addresses.VIP);
        Expectation instance = switch (set) {
            case "v2-noauth-adv1" -> Expectation.v2(51, Auth.NONE, Duration.ofSeconds(1), vips);
            case "v2-pass-adv1", "v2-pass-2vip-adv1" -> Expectation.v2(51, Auth.password("s3cret"), Duration.ofSeconds(1), vips);
            case "v3-adv1", "v3-2vip-adv1" -> Expectation.v3(51, Duration.ofSeconds(1), vips);
            case "v3-adv0.1" -> Expectation.v3(51, Duration.ofMillis(100), vips);
            default -> throw new AssertionError("unknown set " + set);
        };

        Verdict verdict = instance.check(AdvertDecoder.datagram(f.datagram()));

        assertThat(verdict).isInstanceOf(Accepted.class);
        // ...and the instance's own advert at the captured priority is the captured payload.
        Accepted accepted = (Accepted) verdict;
        Advert own = instance.advert(accepted.advert().priority());
        assertThat(HEX.formatHex(AdvertEncoder.payload(own, accepted.received().source(), Ipv4.VRRP_GROUP))).isEqualTo(f.vrrpHex());
    }

    @Test
    void priorityZeroChangesOnlyPriorityAndChecksum() {
        // README: v2 213396...0083 -> 213300...9683, v3 313396...41d7 -> 313300...d7d7
        Advert v2 = Advert.v2(51, 150, Duration.ofSeconds(1), List.of(Addresses.VIP), Auth.password("s3cret"));
        Advert v3 = Advert.v3(51, 150, Duration.ofSeconds(1), List.of(Addresses.VIP));
        assertThat(HEX.formatHex(AdvertEncoder.payload(v2.withPriority(0), Addresses.KA1, Ipv4.VRRP_GROUP)))
                .isEqualTo("21330001010196830ac900647333637265740000");
        assertThat(HEX.formatHex(AdvertEncoder.payload(v3.withPriority(0), Addresses.KA1, Ipv4.VRRP_GROUP)))
                .isEqualTo("313300010064d7d70ac90064");
    }
}
