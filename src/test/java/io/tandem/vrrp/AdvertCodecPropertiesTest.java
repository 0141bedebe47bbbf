package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the codec (DESIGN.md §5.1): decoding never throws, encode→decode is the identity,
 * and no single flipped bit gets through. 1,700 tries in all (about a second).
 */
class AdvertCodecPropertiesTest {

    // --- decoding never throws ---

    @Property(tries = 300)
    void decodingArbitraryBytesNeverThrows(@ForAll @Size(max = 80) byte[] bytes) {
        assertThat(AdvertDecoder.datagram(bytes)).isNotNull();
    }

    @Property(tries = 300)
    void decodingArbitraryPayloadsNeverThrows(@ForAll @Size(max = 64) byte[] bytes, @ForAll("endpoints") Inet4Address source,
                                              @ForAll("endpoints") Inet4Address destination, @ForAll @IntRange(max = 255) int ttl) {
        assertThat(AdvertDecoder.payload(bytes, source, destination, ttl)).isNotNull();
    }

    /** Random bytes die at the first check; damaged real datagrams get much further. */
    @Property(tries = 300)
    void decodingDamagedDatagramsNeverThrows(@ForAll("adverts") Advert advert, @ForAll("endpoints") Inet4Address source,
                                             @ForAll("endpoints") Inet4Address destination, @ForAll @Size(min = 1, max = 6) List<@IntRange(max = 9999) Integer> positions,
                                             @ForAll byte noise, @ForAll @IntRange(min = -8, max = 8) int resize) {
        byte[] datagram = AdvertEncoder.datagram(advert, source, destination, 1);
        for (int p : positions) {
            datagram[p % datagram.length] ^= (byte) (noise | 1);
        }
        byte[] damaged = Arrays.copyOf(datagram, Math.max(0, datagram.length + resize));
        assertThat(AdvertDecoder.datagram(damaged)).isNotNull();
        assertThat(AdvertDecoder.payload(damaged, source, destination, 255)).isNotNull();
    }

    // --- round trip ---

    @Property(tries = 300)
    void encodeThenDecodeGivesTheAdvertBack(@ForAll("adverts") Advert advert, @ForAll("endpoints") Inet4Address source,
                                            @ForAll("endpoints") Inet4Address destination, @ForAll @IntRange(max = 0xffff) int id) {
        Received expected = new Received(advert, source, destination, Ipv4.TTL);

        assertThat(AdvertDecoder.datagram(AdvertEncoder.datagram(advert, source, destination, id))).isEqualTo(expected);
        assertThat(AdvertDecoder.payload(AdvertEncoder.payload(advert, source, destination), source, destination, Ipv4.TTL))
                .isEqualTo(expected);
    }

    // --- bit flips ---

    @Property(tries = 150)
    void everySingleBitFlipInTheVrrpMessageIsRejected(@ForAll("adverts") Advert advert, @ForAll("endpoints") Inet4Address source,
                                                       @ForAll("endpoints") Inet4Address destination) {
        byte[] payload = AdvertEncoder.payload(advert, source, destination);
        for (int bit = 0; bit < payload.length * 8; bit++) {
            byte[] flipped = payload.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            assertThat(AdvertDecoder.payload(flipped, source, destination, Ipv4.TTL)).as("bit %d of %s", bit, advert)
                    .isInstanceOf(Rejected.class);
        }
    }

    @Property(tries = 150)
    void everySingleBitFlipInTheDatagramIsRejected(@ForAll("adverts") Advert advert, @ForAll("endpoints") Inet4Address source,
                                                    @ForAll("endpoints") Inet4Address destination, @ForAll @IntRange(max = 0xffff) int id) {
        byte[] datagram = AdvertEncoder.datagram(advert, source, destination, id);
        for (int bit = 0; bit < datagram.length * 8; bit++) {
            byte[] flipped = datagram.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            assertThat(AdvertDecoder.datagram(flipped)).as("bit %d of %s", bit, advert).isInstanceOf(Rejected.class);
        }
    }

    // --- acceptance ---

    @Property(tries = 200)
    void anInstanceAcceptsAnAdvertOfItsOwnConfiguration(@ForAll("expectations") Expectation instance, @ForAll @IntRange(max = 255) int priority,
                                                        @ForAll("endpoints") Inet4Address source) {
        Inet4Address destination = instance.delivery() == Expectation.Delivery.MULTICAST ? Ipv4.VRRP_GROUP : Addresses.ip("192.0.2.7");
        byte[] datagram = AdvertEncoder.datagram(instance.advert(priority), source, destination, 1);

        Verdict verdict = Acceptance.of(List.of(instance)).check(AdvertDecoder.datagram(datagram));

        assertThat(verdict).isInstanceOf(Accepted.class);
    }

    // --- generators ---

    @Provide
    Arbitrary<Inet4Address> endpoints() {
        // a fifth of them the VRRP group, the rest anything (unicast peers, and nonsense)
        Arbitrary<Inet4Address> any = Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> Ipv4.address(b, 0));
        return Arbitraries.integers().between(0, 4).flatMap(i -> i == 0 ? Arbitraries.just(Ipv4.VRRP_GROUP) : any);
    }

    @Provide
    Arbitrary<Advert> adverts() {
        return Arbitraries.oneOf(v2Adverts(), v3Adverts());
    }

    private static Arbitrary<List<Inet4Address>> addressLists() {
        Arbitrary<Inet4Address> address = Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> Ipv4.address(b, 0));
        return address.list().ofMaxSize(12);
    }

    private static Arbitrary<Auth> v2Auths() {
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofSize(Auth.DATA_LENGTH);
        return Arbitraries.oneOf(Arbitraries.just(Auth.NONE), data.map(Auth.SimpleText::new), data.map(Auth.None::new),
                Arbitraries.strings().ofMaxLength(12).map(Auth::password));
    }

    private static Arbitrary<Advert> v2Adverts() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255), addressLists(), v2Auths())
                .as((vrid, priority, seconds, addresses, auth) -> Advert.v2(vrid, priority, Duration.ofSeconds(seconds), addresses, auth));
    }

    private static Arbitrary<Advert> v3Adverts() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 4095), addressLists())
                .as((vrid, priority, centiseconds, addresses) -> Advert.v3(vrid, priority, Duration.ofMillis(10L * centiseconds), addresses));
    }

    @Provide
    Arbitrary<Expectation> expectations() {
        Arbitrary<Expectation.Delivery> delivery = Arbitraries.of(Expectation.Delivery.class);
        return Combinators.combine(adverts(), delivery).as((a, d) ->
                new Expectation(a.vrid(), a.version(), a.auth(), a.advertInterval(), a.addresses(), d));
    }
}
