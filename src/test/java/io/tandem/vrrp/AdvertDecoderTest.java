package io.tandem.vrrp;

import static io.tandem.vrrp.Addresses.GROUP;
import static io.tandem.vrrp.Addresses.KA1;
import static io.tandem.vrrp.Addresses.KA2;
import static io.tandem.vrrp.Addresses.VIP;
import static io.tandem.vrrp.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per decoding {@link Reason}, and the edges that must still decode. */
class AdvertDecoderTest {
    private static final Advert V2 = Advert.v2(51, 150, Duration.ofSeconds(1), List.of(VIP), Auth.password("s3cret"));
    private static final Advert V3 = Advert.v3(51, 150, Duration.ofSeconds(1), List.of(VIP));

    private static byte[] v2Datagram() {
        return AdvertEncoder.datagram(V2, KA1, GROUP, 1);
    }

    private static byte[] v3Datagram() {
        return AdvertEncoder.datagram(V3, KA1, GROUP, 1);
    }

    /** Recomputes the IPv4 header checksum after a test changed the header. */
    static byte[] fixIpChecksum(byte[] datagram) {
        int ihl = (datagram[0] & 0x0f) * 4;
        Ipv4.putShort(datagram, Ipv4.HEADER_CHECKSUM, 0);
        Ipv4.putShort(datagram, Ipv4.HEADER_CHECKSUM, Checksum.of(datagram, 0, ihl));
        return datagram;
    }

    /** Recomputes the VRRP checksum of a message after a test changed it. */
    static byte[] fixVrrpChecksum(byte[] msg, Inet4Address src, Inet4Address dst) {
        int version = (msg[0] & 0xff) >>> 4;
        int sum = AdvertChecksum.sumWithoutField(version, msg, 0, msg.length, src, dst);
        Ipv4.putShort(msg, AdvertChecksum.OFFSET, Checksum.finish(sum));
        return msg;
    }

    private static Reason reasonOf(DecodeResult result) {
        assertThat(result).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) result;
        assertThat(rejected.detail()).isNotBlank();
        return rejected.reason();
    }

    @Test
    void wellFormedDatagramsDecode() {
        assertThat(AdvertDecoder.datagram(v2Datagram())).isEqualTo(new Received(V2, KA1, GROUP, 255));
        assertThat(AdvertDecoder.datagram(v3Datagram())).isEqualTo(new Received(V3, KA1, GROUP, 255));
    }

    @Test
    void aDatagramInsideALargerBufferDecodes() {
        byte[] datagram = v3Datagram();
        byte[] buffer = new byte[100];
        Arrays.fill(buffer, (byte) 0xee);
        System.arraycopy(datagram, 0, buffer, 7, datagram.length);
        assertThat(AdvertDecoder.datagram(buffer, 7, datagram.length)).isEqualTo(new Received(V3, KA1, GROUP, 255));
    }

    @Test
    void truncated() {
        byte[] datagram = v2Datagram();
        assertThat(reasonOf(AdvertDecoder.datagram(new byte[0]))).isEqualTo(Reason.TRUNCATED);
        assertThat(reasonOf(AdvertDecoder.datagram(Arrays.copyOf(datagram, 19)))).isEqualTo(Reason.TRUNCATED);
        // shorter than the total length says
        assertThat(reasonOf(AdvertDecoder.datagram(Arrays.copyOf(datagram, datagram.length - 1)))).isEqualTo(Reason.TRUNCATED);
        // IHL 15 words (60 bytes) but only 40 bytes
        byte[] longHeader = datagram.clone();
        longHeader[0] = 0x4f;
        assertThat(reasonOf(AdvertDecoder.datagram(longHeader))).isEqualTo(Reason.TRUNCATED);
        // an IP datagram whose VRRP part is below the 8 fixed bytes
        byte[] shortVrrp = Arrays.copyOf(datagram, 27);
        Ipv4.putShort(shortVrrp, Ipv4.TOTAL_LENGTH, 27);
        fixIpChecksum(shortVrrp);
        assertThat(reasonOf(AdvertDecoder.datagram(shortVrrp))).isEqualTo(Reason.TRUNCATED);
        assertThat(reasonOf(AdvertDecoder.payload(new byte[7], KA1, GROUP, 255))).isEqualTo(Reason.TRUNCATED);
        assertThat(reasonOf(AdvertDecoder.payload(new byte[0], KA1, GROUP, 255))).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void ipHeaderInvalid() {
        byte[] v6 = v2Datagram();
        v6[0] = 0x65;
        assertThat(reasonOf(AdvertDecoder.datagram(v6))).isEqualTo(Reason.IP_HEADER_INVALID);

        byte[] ihl4 = fixIpChecksum(v2Datagram());
        ihl4[0] = 0x44;
        assertThat(reasonOf(AdvertDecoder.datagram(ihl4))).isEqualTo(Reason.IP_HEADER_INVALID);

        // more bytes than the total length: keepalived wants them equal
        byte[] padded = Arrays.copyOf(v2Datagram(), 60);
        assertThat(reasonOf(AdvertDecoder.datagram(padded))).isEqualTo(Reason.IP_HEADER_INVALID);

        // total length below the header length
        byte[] tiny = v2Datagram();
        Ipv4.putShort(tiny, Ipv4.TOTAL_LENGTH, 12);
        assertThat(reasonOf(AdvertDecoder.datagram(Arrays.copyOf(fixIpChecksum(tiny), 20)))).isEqualTo(Reason.IP_HEADER_INVALID);

        byte[] badSum = v2Datagram();
        badSum[Ipv4.HEADER_CHECKSUM] ^= 0x01;
        assertThat(reasonOf(AdvertDecoder.datagram(badSum))).isEqualTo(Reason.IP_HEADER_INVALID);
    }

    @Test
    void ipOptionsAreSkipped() {
        // Router Alert (RFC 2113), which keepalived does not send but a peer might
        byte[] plain = v3Datagram();
        byte[] withOption = new byte[plain.length + 4];
        System.arraycopy(plain, 0, withOption, 0, 20);
        System.arraycopy(new byte[] {(byte) 0x94, 0x04, 0, 0}, 0, withOption, 20, 4);
        System.arraycopy(plain, 20, withOption, 24, plain.length - 20);
        withOption[0] = 0x46;
        Ipv4.putShort(withOption, Ipv4.TOTAL_LENGTH, withOption.length);
        fixIpChecksum(withOption);
        assertThat(AdvertDecoder.datagram(withOption)).isEqualTo(new Received(V3, KA1, GROUP, 255));
    }

    @Test
    void notVrrp() {
        byte[] udp = v2Datagram();
        udp[Ipv4.PROTOCOL] = 17;
        assertThat(reasonOf(AdvertDecoder.datagram(fixIpChecksum(udp)))).isEqualTo(Reason.NOT_VRRP);
        byte[] ah = v2Datagram();
        ah[Ipv4.PROTOCOL] = 51;
        assertThat(reasonOf(AdvertDecoder.datagram(fixIpChecksum(ah)))).isEqualTo(Reason.NOT_VRRP);
    }

    @Test
    void ttlInvalidOnMulticast() {
        byte[] hopped = v3Datagram();
        hopped[Ipv4.TIME_TO_LIVE] = (byte) 254;
        assertThat(reasonOf(AdvertDecoder.datagram(fixIpChecksum(hopped)))).isEqualTo(Reason.TTL_INVALID);
        assertThat(reasonOf(AdvertDecoder.payload(AdvertEncoder.payload(V2, KA1, GROUP), KA1, GROUP, 1))).isEqualTo(Reason.TTL_INVALID);
    }

    @Test
    void unicastAdvertsMayHaveCrossedRouters() {
        // keepalived checks no TTL for unicast instances (unicast_ttl, routed peers)
        byte[] unicast = AdvertEncoder.datagram(V3, KA1, KA2, 9);
        unicast[Ipv4.TIME_TO_LIVE] = 62;
        assertThat(AdvertDecoder.datagram(fixIpChecksum(unicast))).isEqualTo(new Received(V3, KA1, KA2, 62));
    }

    @Test
    void versionInvalid() {
        for (int version : new int[] {0, 1, 4, 15}) {
            byte[] msg = AdvertEncoder.payload(V3, KA1, GROUP);
            msg[0] = (byte) (version << 4 | 1);
            assertThat(reasonOf(AdvertDecoder.payload(fixVrrpChecksum(msg, KA1, GROUP), KA1, GROUP, 255)))
                    .as("version %d", version).isEqualTo(Reason.VERSION_INVALID);
        }
    }

    @Test
    void typeInvalid() {
        for (int type : new int[] {0, 2, 15}) {
            byte[] msg = AdvertEncoder.payload(V2, KA1, GROUP);
            msg[0] = (byte) (0x20 | type);
            assertThat(reasonOf(AdvertDecoder.payload(fixVrrpChecksum(msg, KA1, GROUP), KA1, GROUP, 255)))
                    .as("type %d", type).isEqualTo(Reason.TYPE_INVALID);
        }
    }

    @Test
    void lengthMismatch() {
        byte[] moreCounted = AdvertEncoder.payload(V3, KA1, GROUP);
        moreCounted[3] = 2;
        assertThat(reasonOf(AdvertDecoder.payload(fixVrrpChecksum(moreCounted, KA1, GROUP), KA1, GROUP, 255)))
                .isEqualTo(Reason.LENGTH_MISMATCH);
        byte[] trailing = Arrays.copyOf(AdvertEncoder.payload(V2, KA1, GROUP), 24);
        assertThat(reasonOf(AdvertDecoder.payload(trailing, KA1, GROUP, 255))).isEqualTo(Reason.LENGTH_MISMATCH);
        // a v3 message read as v2 lacks its 8 auth bytes
        byte[] asV2 = AdvertEncoder.payload(V3, KA1, GROUP);
        asV2[0] = 0x21;
        assertThat(reasonOf(AdvertDecoder.payload(asV2, KA1, GROUP, 255))).isEqualTo(Reason.LENGTH_MISMATCH);
    }

    @Test
    void checksumInvalid() {
        byte[] msg = AdvertEncoder.payload(V2, KA1, GROUP);
        msg[9] ^= 0x10;
        assertThat(reasonOf(AdvertDecoder.payload(msg, KA1, GROUP, 255))).isEqualTo(Reason.CHECKSUM_INVALID);
        // v3: the same bytes from another source do not verify (pseudo-header)
        assertThat(reasonOf(AdvertDecoder.payload(AdvertEncoder.payload(V3, KA1, GROUP), KA2, GROUP, 255)))
                .isEqualTo(Reason.CHECKSUM_INVALID);
        Rejected rejected = (Rejected) AdvertDecoder.payload(HexFormat.of().parseHex("31339601006441d60ac90064"), KA1, GROUP, 255);
        assertThat(rejected.detail()).isEqualTo("VRRPv3 checksum 0x41d6, computed 0x41d7");
    }

    @Test
    void theOtherOnesComplementZeroAlsoVerifies() {
        // RFC 1071: 0x0000 and 0xffff are both zero; keepalived's in_csum accepts either. Some
        // address in 10.201.0.0/16 makes the computed checksum 0x0000.
        for (int low = 0; low < 0x10000; low++) {
            Inet4Address vip = Ipv4.address(new byte[] {10, (byte) 201, (byte) (low >>> 8), (byte) low}, 0);
            Advert advert = Advert.v3(51, 150, Duration.ofSeconds(1), List.of(vip));
            byte[] msg = AdvertEncoder.payload(advert, KA1, GROUP);
            if (Ipv4.getShort(msg, AdvertChecksum.OFFSET) == 0) {
                Ipv4.putShort(msg, AdvertChecksum.OFFSET, 0xffff);
                assertThat(AdvertDecoder.payload(msg, KA1, GROUP, 255)).isEqualTo(new Received(advert, KA1, GROUP, 255));
                return;
            }
        }
        throw new AssertionError("no address gives checksum 0x0000");
    }

    @Test
    void authTypeUnknown() {
        for (int type : new int[] {2, 3, 255}) {
            byte[] msg = AdvertEncoder.payload(V2, KA1, GROUP);
            msg[4] = (byte) type;
            assertThat(reasonOf(AdvertDecoder.payload(fixVrrpChecksum(msg, KA1, GROUP), KA1, GROUP, 255)))
                    .as("auth type %d", type).isEqualTo(Reason.AUTH_TYPE_UNKNOWN);
        }
    }

    @Test
    void v3ReservedBitsAreIgnored() {
        // RFC 5798 §5.2.6: Rsvd MUST be ignored on reception
        byte[] msg = AdvertEncoder.payload(V3, KA1, GROUP);
        msg[4] |= (byte) 0xf0;
        assertThat(AdvertDecoder.payload(fixVrrpChecksum(msg, KA1, GROUP), KA1, GROUP, 255)).isEqualTo(new Received(V3, KA1, GROUP, 255));
    }

    @Test
    void v2AuthDataOfTypeNoneIsKeptRaw() {
        Advert odd = Advert.v2(51, 100, Duration.ofSeconds(1), List.of(VIP), new Auth.None("junkjunk".getBytes()));
        byte[] msg = AdvertEncoder.payload(odd, KA1, GROUP);
        Received received = (Received) AdvertDecoder.payload(msg, KA1, GROUP, 255);
        assertThat(received.advert()).isEqualTo(odd);
        assertThat(AdvertEncoder.payload(received.advert(), KA1, GROUP)).isEqualTo(msg);
    }

    @Test
    void wireExtremesDecode() {
        // VRID 0, priority 0, interval 0, no addresses: representable, judged later by Expectation
        Advert empty = Advert.v3(0, 0, Duration.ZERO, List.of());
        assertThat(AdvertDecoder.datagram(AdvertEncoder.datagram(empty, KA1, GROUP, 0))).isEqualTo(new Received(empty, KA1, GROUP, 255));
        Advert longest = Advert.v3(255, 255, Duration.ofMillis(40950), java.util.Collections.nCopies(255, ip("192.0.2.1")));
        assertThat(AdvertDecoder.datagram(AdvertEncoder.datagram(longest, KA1, GROUP, 0xffff)))
                .isEqualTo(new Received(longest, KA1, GROUP, 255));
    }

    @Test
    void badArgumentsAreProgrammingErrors() {
        assertThatThrownBy(() -> AdvertDecoder.datagram(new byte[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> AdvertDecoder.payload(new byte[10], null, GROUP, 255)).isInstanceOf(NullPointerException.class);
    }
}
