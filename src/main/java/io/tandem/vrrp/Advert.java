package io.tandem.vrrp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One VRRP ADVERTISEMENT over IPv4, version 2 (RFC 3768 §5) or 3 (RFC 5798 §5), as its fields are
 * on the wire. The checksum is not a field: the encoder computes it and the decoder verifies it.
 *
 * <p>Every value the wire can carry is representable (VRID 0, interval 0, no addresses), so that
 * the decoder can hand over what a peer really sent and {@link Expectation} can judge it; whether
 * a value makes sense for a local instance is the configuration's business.
 *
 * @param version        2 or 3 (RFC 3768 §5.3.1, RFC 5798 §5.2.1)
 * @param vrid           Virtual Rtr ID, 0..255 (RFC 3768 §5.3.3, RFC 5798 §5.2.3)
 * @param priority       0..255; 255 = address owner, 0 = the master is stopping (RFC 3768 §5.3.4,
 *                       RFC 5798 §5.2.4)
 * @param advertInterval v2: Adver Int in whole seconds 0..255 (RFC 3768 §5.3.7); v3: Max Adver Int
 *                       in whole centiseconds 0..4095 (RFC 5798 §5.2.7)
 * @param addresses      the IPv4 addresses, at most 255 (Count IP Addrs is one byte: RFC 3768
 *                       §5.3.5, RFC 5798 §5.2.5), in wire order
 * @param auth           v2: {@link Auth.None} or {@link Auth.SimpleText}; v3: {@link Auth#ABSENT}
 */
public record Advert(int version, int vrid, int priority, Duration advertInterval, List<Inet4Address> addresses, Auth auth) {
    /** RFC 3768 §5.3.1. */
    public static final int VERSION_2 = 2;
    /** RFC 5798 §5.2.1. */
    public static final int VERSION_3 = 3;
    /** RFC 3768 §5.3.2, RFC 5798 §5.2.2: the only type; any other MUST be discarded. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** RFC 3768 §5.3.4, RFC 5798 §5.2.4: the current master stops participating. */
    public static final int PRIORITY_STOP = 0;
    /** RFC 3768 §5.3.4, RFC 5798 §5.2.4: the router that owns the addresses. */
    public static final int PRIORITY_OWNER = 255;
    /** Count IP Addrs is one byte (RFC 3768 §5.3.5, RFC 5798 §5.2.5). */
    public static final int MAX_ADDRESSES = 255;
    /** Version/type, VRID, priority, count, then auth type + Adver Int (v2) or Max Adver Int (v3), then checksum. */
    static final int FIXED_LENGTH = 8;
    /** RFC 3768 §5.3.7: 8 bits of seconds. */
    static final int V2_MAX_INTERVAL_SECONDS = 0xff;
    /** RFC 5798 §5.2.7: 12 bits of centiseconds; the 4 bits above are Rsvd. */
    static final int V3_MAX_INTERVAL_CENTISECONDS = 0x0fff;
    private static final Duration CENTISECOND = Duration.ofMillis(10);

    public Advert {
        if (version != VERSION_2 && version != VERSION_3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3, not " + version);
        }
        checkByte("vrid", vrid);
        checkByte("priority", priority);
        Objects.requireNonNull(advertInterval, "advertInterval");
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("at most " + MAX_ADDRESSES + " addresses, not " + addresses.size());
        }
        Objects.requireNonNull(auth, "auth");
        intervalField(version, advertInterval);
        boolean v3 = version == VERSION_3;
        if (v3 != (auth instanceof Auth.Absent)) {
            throw new IllegalArgumentException(v3 ? "VRRPv3 has no authentication (RFC 5798 §9), got " + auth
                    : "VRRPv2 needs auth type none or PASS, got " + auth);
        }
    }

    /** A VRRPv2 advert. */
    public static Advert v2(int vrid, int priority, Duration advertInterval, List<Inet4Address> addresses, Auth auth) {
        return new Advert(VERSION_2, vrid, priority, advertInterval, addresses, auth);
    }

    /** A VRRPv3 advert. */
    public static Advert v3(int vrid, int priority, Duration advertInterval, List<Inet4Address> addresses) {
        return new Advert(VERSION_3, vrid, priority, advertInterval, addresses, Auth.ABSENT);
    }

    /** Always {@link #TYPE_ADVERTISEMENT}: the decoder rejects every other type. */
    public int type() {
        return TYPE_ADVERTISEMENT;
    }

    /** The same advert with another priority, e.g. {@link #PRIORITY_STOP} when the master shuts down. */
    public Advert withPriority(int newPriority) {
        return new Advert(version, vrid, newPriority, advertInterval, addresses, auth);
    }

    /** The VRRP message's length in bytes, without the IP header. */
    public int length() {
        return length(version, addresses.size());
    }

    /**
     * The length a VRRP message of this version and address count must have: the fixed fields, 4
     * bytes per address, and for v2 the 8 bytes of Authentication Data (RFC 3768 §5.1, RFC 5798 §5.1).
     */
    static int length(int version, int count) {
        return FIXED_LENGTH + 4 * count + (version == VERSION_2 ? Auth.DATA_LENGTH : 0);
    }

    /** The wire value of {@code interval}: seconds for v2, centiseconds for v3; throws if it has no exact one. */
    static int intervalField(int version, Duration interval) {
        if (version == VERSION_2) {
            if (interval.isNegative() || interval.getNano() != 0 || interval.getSeconds() > V2_MAX_INTERVAL_SECONDS) {
                throw new IllegalArgumentException("VRRPv2 Adver Int is whole seconds 0..255 (RFC 3768 §5.3.7), not " + interval);
            }
            return (int) interval.getSeconds();
        }
        if (interval.isNegative() || interval.getNano() % CENTISECOND.getNano() != 0
                || interval.compareTo(CENTISECOND.multipliedBy(V3_MAX_INTERVAL_CENTISECONDS)) > 0) {
            throw new IllegalArgumentException("VRRPv3 Max Adver Int is whole centiseconds 0..4095 (RFC 5798 §5.2.7), not " + interval);
        }
        return (int) (interval.toMillis() / CENTISECOND.toMillis());
    }

    /** The interval a wire value stands for: seconds for v2, centiseconds for v3. */
    static Duration interval(int version, int field) {
        return version == VERSION_2 ? Duration.ofSeconds(field) : CENTISECOND.multipliedBy(field);
    }

    private static void checkByte(String what, int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(what + " must be 0..255, not " + value);
        }
    }

    /** For logs: {@code VRRPv2 vrid 51 priority 150 interval 1s [10.201.0.100] auth PASS(hidden)}. */
    @Override
    public String toString() {
        return "VRRPv" + version + " vrid " + vrid + " priority " + priority + " interval " + formatInterval()
                + " " + addresses.stream().map(Inet4Address::getHostAddress).collect(Collectors.joining(", ", "[", "]"))
                + (version == VERSION_2 ? " auth " + auth : "");
    }

    private String formatInterval() {
        long millis = advertInterval.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
