package io.tandem.vrrp;

import static io.tandem.vrrp.Addresses.GROUP;
import static io.tandem.vrrp.Addresses.KA1;
import static io.tandem.vrrp.Addresses.VIP;
import static io.tandem.vrrp.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advert model, its authentication and the encoder's IP header. */
class AdvertTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void fieldsOutsideTheWireAreRefused() {
        assertThatThrownBy(() -> new Advert(1, 51, 100, ONE_SECOND, List.of(VIP), Auth.NONE)).hasMessageContaining("version");
        assertThatThrownBy(() -> Advert.v3(256, 100, ONE_SECOND, List.of(VIP))).hasMessageContaining("vrid");
        assertThatThrownBy(() -> Advert.v3(51, -1, ONE_SECOND, List.of(VIP))).hasMessageContaining("priority");
        assertThatThrownBy(() -> Advert.v3(51, 100, ONE_SECOND, Collections.nCopies(256, VIP))).hasMessageContaining("255");
        List<Inet4Address> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> Advert.v3(51, 100, ONE_SECOND, withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void intervalsMustHaveAnExactWireValue() {
        assertThatThrownBy(() -> Advert.v2(51, 100, Duration.ofMillis(1500), List.of(VIP), Auth.NONE)).hasMessageContaining("RFC 3768 §5.3.7");
        assertThatThrownBy(() -> Advert.v2(51, 100, Duration.ofSeconds(256), List.of(VIP), Auth.NONE)).hasMessageContaining("0..255");
        assertThatThrownBy(() -> Advert.v2(51, 100, Duration.ofSeconds(-1), List.of(VIP), Auth.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Advert.v3(51, 100, Duration.ofMillis(15), List.of(VIP))).hasMessageContaining("RFC 5798 §5.2.7");
        assertThatThrownBy(() -> Advert.v3(51, 100, Duration.ofMillis(40960), List.of(VIP))).hasMessageContaining("0..4095");
        assertThat(Advert.v3(51, 100, Duration.ofMillis(40950), List.of(VIP)).advertInterval()).isEqualTo(Duration.ofMillis(40950));
        assertThat(Advert.v2(51, 100, Duration.ofSeconds(255), List.of(VIP), Auth.NONE).advertInterval()).isEqualTo(Duration.ofSeconds(255));
    }

    @Test
    void authBelongsToItsVersion() {
        assertThatThrownBy(() -> new Advert(3, 51, 100, ONE_SECOND, List.of(VIP), Auth.NONE)).hasMessageContaining("VRRPv3");
        assertThatThrownBy(() -> new Advert(2, 51, 100, ONE_SECOND, List.of(VIP), Auth.ABSENT)).hasMessageContaining("VRRPv2");
        assertThatThrownBy(() -> new Auth.SimpleText(new byte[7])).hasMessageContaining("8 bytes");
    }

    @Test
    void addressesAreCopied() {
        List<Inet4Address> vips = new ArrayList<>(List.of(VIP));
        Advert advert = Advert.v3(51, 100, ONE_SECOND, vips);
        vips.add(ip("10.201.0.101"));
        assertThat(advert.addresses()).containsExactly(VIP);
    }

    @Test
    void passwordsFollowKeepalivedsAuthPass() {
        assertThat(Auth.password("s3cret").data()).isEqualTo(HexFormat.of().parseHex("7333637265740000"));
        assertThat(Auth.password("0123456789").data()).isEqualTo("01234567".getBytes());
        assertThat(Auth.password("s3cret")).isEqualTo(new Auth.SimpleText(HexFormat.of().parseHex("7333637265740000")));
        assertThat(Auth.password("s3cret")).hasSameHashCodeAs(Auth.password("s3cret"));
        assertThat(Auth.password("s3cret")).isNotEqualTo(new Auth.None(Auth.password("s3cret").data()));
    }

    @Test
    void authDataCannotBeChangedFromOutside() {
        byte[] raw = "s3cret\0\0".getBytes();
        Auth.SimpleText pass = new Auth.SimpleText(raw);
        raw[0] = 'X';
        pass.data()[1] = 'Y';
        assertThat(pass).isEqualTo(Auth.password("s3cret"));
    }

    @Test
    void passwordsNeverShowInToString() {
        Advert advert = Advert.v2(51, 150, ONE_SECOND, List.of(VIP), Auth.password("s3cret"));
        Received received = new Received(advert, KA1, GROUP, 255);
        Expectation instance = Expectation.v2(51, Auth.password("s3cret"), ONE_SECOND, List.of(VIP));
        for (Object o : List.of(advert, advert.auth(), received, instance, new Accepted(instance, received),
                new Auth.None("s3cret\0\0".getBytes()))) {
            assertThat(o.toString()).doesNotContain("s3cret").doesNotContain("7333637265740000");
        }
        assertThat(advert).hasToString("VRRPv2 vrid 51 priority 150 interval 1s [10.201.0.100] auth PASS(hidden)");
        assertThat(Advert.v3(51, 100, Duration.ofMillis(100), List.of(VIP))).hasToString("VRRPv3 vrid 51 priority 100 interval 100ms [10.201.0.100]");
        assertThat(Auth.NONE).hasToString("none");
    }

    @Test
    void lengthCountsFixedFieldsAddressesAndV2AuthData() {
        assertThat(Advert.v2(51, 1, ONE_SECOND, List.of(VIP), Auth.NONE).length()).isEqualTo(20);
        assertThat(Advert.v3(51, 1, ONE_SECOND, List.of(VIP, VIP)).length()).isEqualTo(16);
        assertThat(Advert.v3(51, 1, ONE_SECOND, List.of()).length()).isEqualTo(8);
    }

    @Test
    void withPriorityKeepsEverythingElse() {
        Advert advert = Advert.v2(51, 150, ONE_SECOND, List.of(VIP), Auth.password("s3cret"));
        assertThat(advert.withPriority(Advert.PRIORITY_STOP)).isEqualTo(new Advert(2, 51, 0, ONE_SECOND, List.of(VIP), Auth.password("s3cret")));
        assertThat(advert.type()).isEqualTo(Advert.TYPE_ADVERTISEMENT);
    }

    @Test
    void datagramHeaderIsKeepalivedsHeader() {
        Advert advert = Advert.v3(51, 150, ONE_SECOND, List.of(VIP));
        // v3-adv1.hex.txt, ka1's first advert
        assertThat(HexFormat.of().formatHex(AdvertEncoder.datagram(advert, KA1, GROUP, 1), 0, 20))
                .isEqualTo("45c0002000010000ff70cfc60ac9000be0000012");
        byte[] other = AdvertEncoder.datagram(advert, KA1, GROUP, 0x1234);
        assertThat(Ipv4.getShort(other, Ipv4.IDENTIFICATION)).isEqualTo(0x1234);
        assertThat(Checksum.verifies(Checksum.add(0, other, 0, 20))).isTrue();
        assertThatThrownBy(() -> AdvertEncoder.datagram(advert, KA1, GROUP, 0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdvertEncoder.datagram(advert, KA1, GROUP, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipIdentificationCountsLikeKeepalived() {
        assertThat(Ipv4.nextIdentification(0)).isEqualTo(1);
        assertThat(Ipv4.nextIdentification(1)).isEqualTo(2);
        assertThat(Ipv4.nextIdentification(0xfffe)).isEqualTo(0xffff);
        assertThat(Ipv4.nextIdentification(0xffff)).isEqualTo(1);
    }

    @Test
    void multicastIs224Slash4() {
        assertThat(Ipv4.isMulticast(Ipv4.VRRP_GROUP)).isTrue();
        assertThat(Ipv4.isMulticast(ip("239.255.255.255"))).isTrue();
        assertThat(Ipv4.isMulticast(ip("223.255.255.255"))).isFalse();
        assertThat(Ipv4.isMulticast(ip("240.0.0.0"))).isFalse();
        assertThat(Ipv4.VRRP_GROUP.getHostAddress()).isEqualTo("224.0.0.18");
    }
}
