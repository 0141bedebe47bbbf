package io.tandem.vrrp;

import static io.tandem.vrrp.Addresses.GROUP;
import static io.tandem.vrrp.Addresses.KA1;
import static io.tandem.vrrp.Addresses.KA2;
import static io.tandem.vrrp.Addresses.VIP;
import static io.tandem.vrrp.Addresses.VIP2;
import static io.tandem.vrrp.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.Expectation.Delivery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per acceptance {@link Reason}, keepalived's address-list rule, and {@link Acceptance}'s VRID lookup. */
class ExpectationTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Expectation V2_PASS = Expectation.v2(51, Auth.password("s3cret"), ONE_SECOND, List.of(VIP));
    private static final Expectation V2_NONE = Expectation.v2(51, Auth.NONE, ONE_SECOND, List.of(VIP));
    private static final Expectation V3 = Expectation.v3(51, ONE_SECOND, List.of(VIP, VIP2));

    private static Received received(Advert advert) {
        return (Received) AdvertDecoder.datagram(AdvertEncoder.datagram(advert, KA2, GROUP, 1));
    }

    private static Received v2(int vrid, Duration interval, List<java.net.Inet4Address> vips, Auth auth) {
        return received(Advert.v2(vrid, 100, interval, vips, auth));
    }

    private static Reason reasonOf(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Rejected.class);
        assertThat(((Rejected) verdict).detail()).isNotBlank();
        return ((Rejected) verdict).reason();
    }

    @Test
    void matchingAdvertsAreAccepted() {
        Received pass = v2(51, ONE_SECOND, List.of(VIP), Auth.password("s3cret"));
        assertThat(V2_PASS.check(pass)).isEqualTo(new Accepted(V2_PASS, pass));
        Received none = v2(51, ONE_SECOND, List.of(VIP), Auth.NONE);
        assertThat(V2_NONE.check(none)).isEqualTo(new Accepted(V2_NONE, none));
        Received v3 = received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP, VIP2)));
        assertThat(V3.check(v3)).isEqualTo(new Accepted(V3, v3));
        assertThat(((Accepted) V3.check(v3)).advert()).isEqualTo(v3.advert());
    }

    @Test
    void unknownVrid() {
        assertThat(reasonOf(V2_PASS.check(v2(52, ONE_SECOND, List.of(VIP), Auth.password("s3cret"))))).isEqualTo(Reason.UNKNOWN_VRID);
    }

    @Test
    void versionMismatch() {
        Received v3 = received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP)));
        assertThat(reasonOf(V2_NONE.check(v3))).isEqualTo(Reason.VERSION_MISMATCH);
        assertThat(reasonOf(V3.check(v2(51, ONE_SECOND, List.of(VIP, VIP2), Auth.NONE)))).isEqualTo(Reason.VERSION_MISMATCH);
    }

    @Test
    void authTypeMismatch() {
        assertThat(reasonOf(V2_PASS.check(v2(51, ONE_SECOND, List.of(VIP), Auth.NONE)))).isEqualTo(Reason.AUTH_TYPE_MISMATCH);
        assertThat(reasonOf(V2_NONE.check(v2(51, ONE_SECOND, List.of(VIP), Auth.password("s3cret"))))).isEqualTo(Reason.AUTH_TYPE_MISMATCH);
    }

    @Test
    void passwordMismatch() {
        Verdict verdict = V2_PASS.check(v2(51, ONE_SECOND, List.of(VIP), Auth.password("s3cre7")));
        assertThat(reasonOf(verdict)).isEqualTo(Reason.PASSWORD_MISMATCH);
        assertThat(verdict.toString()).doesNotContain("s3cre");
        // all 8 bytes count, as in keepalived's memcmp: "s3cret" is not "s3cret\0x"
        byte[] almost = Auth.password("s3cret").data();
        almost[7] = 'x';
        assertThat(reasonOf(V2_PASS.check(v2(51, ONE_SECOND, List.of(VIP), new Auth.SimpleText(almost))))).isEqualTo(Reason.PASSWORD_MISMATCH);
    }

    @Test
    void passwordsLongerThanEightBytesMatchOnTheirFirstEight() {
        Expectation longPass = Expectation.v2(51, Auth.password("s3cretPASSWORD"), ONE_SECOND, List.of(VIP));
        assertThat(longPass.check(v2(51, ONE_SECOND, List.of(VIP), Auth.password("s3cretPAxx")))).isInstanceOf(Accepted.class);
    }

    @Test
    void authDataOfTypeNoneIsIgnored() {
        // RFC 3768 §5.3.10: ignored on reception
        Received junk = v2(51, ONE_SECOND, List.of(VIP), new Auth.None("junkjunk".getBytes()));
        assertThat(V2_NONE.check(junk)).isInstanceOf(Accepted.class);
    }

    @Test
    void v2AdvertIntervalMismatch() {
        assertThat(reasonOf(V2_PASS.check(v2(51, Duration.ofSeconds(2), List.of(VIP), Auth.password("s3cret")))))
                .isEqualTo(Reason.ADVERT_INTERVAL_MISMATCH);
    }

    @Test
    void v3IntervalsMayDiffer() {
        // RFC 5798 §6.4.2: a backup adopts the master's Max Adver Int
        Received fast = received(Advert.v3(51, 100, Duration.ofMillis(100), List.of(VIP, VIP2)));
        assertThat(V3.check(fast)).isInstanceOf(Accepted.class);
    }

    @Test
    void addressListMismatch() {
        assertThat(reasonOf(V2_NONE.check(v2(51, ONE_SECOND, List.of(VIP, VIP2), Auth.NONE)))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
        assertThat(reasonOf(V2_NONE.check(v2(51, ONE_SECOND, List.of(), Auth.NONE)))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
        assertThat(reasonOf(V2_NONE.check(v2(51, ONE_SECOND, List.of(VIP2), Auth.NONE)))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
        Received duplicate = received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP, VIP)));
        assertThat(reasonOf(V3.check(duplicate))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
    }

    @Test
    void addressOrderDoesNotMatter() {
        Received swapped = received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP2, VIP)));
        assertThat(V3.check(swapped)).isInstanceOf(Accepted.class);
    }

    @Test
    void addressListMismatchIsDroppedEvenFromTheOwnerLikeKeepalived() {
        // RFC 3768 §7.1 / RFC 5798 §7.1 would go on with a priority-255 advert; keepalived 2.2.7's
        // vrrp_check_packet returns VRRP_PACKET_KO whatever the priority.
        Received owner = received(Advert.v3(51, Advert.PRIORITY_OWNER, ONE_SECOND, List.of(VIP)));
        assertThat(reasonOf(V3.check(owner))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
    }

    @Test
    void deliveryMismatch() {
        Received unicast = (Received) AdvertDecoder.datagram(AdvertEncoder.datagram(Advert.v3(51, 100, ONE_SECOND, List.of(VIP, VIP2)), KA2, KA1, 1));
        assertThat(reasonOf(V3.check(unicast))).isEqualTo(Reason.DELIVERY_MISMATCH);
        Expectation unicastInstance = V3.withDelivery(Delivery.UNICAST);
        assertThat(unicastInstance.check(unicast)).isInstanceOf(Accepted.class);
        Received multicast = received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP, VIP2)));
        assertThat(reasonOf(unicastInstance.check(multicast))).isEqualTo(Reason.DELIVERY_MISMATCH);
    }

    @Test
    void decoderRejectionsPassThrough() {
        Rejected truncated = (Rejected) AdvertDecoder.datagram(new byte[3]);
        assertThat(V3.check(truncated)).isSameAs(truncated);
        assertThat(Acceptance.of(List.of(V3)).check(truncated)).isSameAs(truncated);
    }

    @Test
    void acceptanceFindsTheInstanceByVrid() {
        Expectation other = Expectation.v3(52, ONE_SECOND, List.of(ip("10.201.0.200")));
        Acceptance acceptance = Acceptance.of(List.of(V3, other));
        Received for52 = received(Advert.v3(52, 100, ONE_SECOND, List.of(ip("10.201.0.200"))));
        Received for53 = received(Advert.v3(53, 100, ONE_SECOND, List.of(VIP)));

        assertThat(acceptance.check(for52)).isEqualTo(new Accepted(other, for52));
        assertThat(reasonOf(acceptance.check(for53))).isEqualTo(Reason.UNKNOWN_VRID);
        // VRID 51 is found, then judged by its own instance
        assertThat(reasonOf(acceptance.check(received(Advert.v3(51, 100, ONE_SECOND, List.of(VIP)))))).isEqualTo(Reason.ADDRESS_LIST_MISMATCH);
        assertThat(acceptance.check(AdvertDecoder.datagram(AdvertEncoder.datagram(for52.advert().withPriority(0), KA1, GROUP, 3))))
                .isInstanceOf(Accepted.class);
        assertThat(acceptance.instance(52)).contains(other);
        assertThat(acceptance.instance(53)).isEmpty();
    }

    @Test
    void twoInstancesWithOneVridOnOneSocketAreRefused() {
        assertThatThrownBy(() -> Acceptance.of(List.of(V3, V2_NONE))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("51");
    }

    @Test
    void expectationsFollowTheAdvertRules() {
        assertThatThrownBy(() -> Expectation.v2(51, Auth.ABSENT, ONE_SECOND, List.of(VIP))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Expectation.v2(51, Auth.NONE, Duration.ofMillis(1500), List.of(VIP))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Expectation.v3(256, ONE_SECOND, List.of(VIP))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInstanceBuildsItsOwnAdvert() {
        assertThat(V2_PASS.advert(150)).isEqualTo(Advert.v2(51, 150, ONE_SECOND, List.of(VIP), Auth.password("s3cret")));
        assertThat(V2_PASS.check(received(V2_PASS.advert(100)))).isInstanceOf(Accepted.class);
        assertThat(V2_PASS.toString()).doesNotContain("s3cret");
    }
}
