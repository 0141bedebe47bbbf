package io.tandem.vrrp;

import java.net.Inet4Address;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one local VRRP instance expects of the adverts it receives, and the check of a received
 * advert against it: the part of RFC 3768 §7.1 / RFC 5798 §7.1 that needs the local configuration.
 * Checks run in keepalived 2.2's order ({@code vrrp_check_packet}), first failure wins: VRID,
 * version, v2 auth type, v2 password, v2 interval, address list, multicast/unicast. (keepalived
 * checks the address count before and the addresses themselves after the multicast/unicast test;
 * here both come before it, which only matters for an advert wrong in both ways.)
 *
 * <p>The address list follows keepalived, not the RFC: RFC 3768 §7.1 and RFC 5798 §7.1 drop a
 * mismatching advert unless its priority is 255 (the owner's), but keepalived 2.2.7 drops it
 * whatever the priority, both when the count differs and when a virtual address is missing. A
 * mixed keepalived/Tandem pair must agree on which adverts count, so Tandem drops it too.
 *
 * @param vrid             the instance's {@code virtual_router_id}
 * @param version          2 or 3
 * @param auth             v2: {@link Auth#NONE} or {@link Auth#password}; v3: {@link Auth#ABSENT}
 * @param advertInterval   v2: the configured {@code advert_int}, which a v2 advert must carry
 *                         (RFC 3768 §7.1); v3: not checked (a backup adopts the master's, RFC 5798 §6.4.2)
 * @param virtualAddresses the instance's {@code virtual_ipaddress} list (IPv4)
 * @param delivery         multicast, or unicast peers ({@code unicast_peer})
 */
public record Expectation(int vrid, int version, Auth auth, Duration advertInterval, List<Inet4Address> virtualAddresses,
                          Delivery delivery) {

    /** How the instance's adverts travel; keepalived drops adverts that came the other way. */
    public enum Delivery { MULTICAST, UNICAST }

    public Expectation {
        // Advert's constructor holds the rules on every field both share.
        Objects.requireNonNull(delivery, "delivery");
        virtualAddresses = List.copyOf(virtualAddresses);
        new Advert(version, vrid, Advert.PRIORITY_OWNER, advertInterval, virtualAddresses, auth);
    }

    /** A multicast VRRPv2 instance. */
    public static Expectation v2(int vrid, Auth auth, Duration advertInterval, List<Inet4Address> virtualAddresses) {
        return new Expectation(vrid, Advert.VERSION_2, auth, advertInterval, virtualAddresses, Delivery.MULTICAST);
    }

    /** A multicast VRRPv3 instance; {@code advertInterval} is its own, used only by its own adverts. */
    public static Expectation v3(int vrid, Duration advertInterval, List<Inet4Address> virtualAddresses) {
        return new Expectation(vrid, Advert.VERSION_3, Auth.ABSENT, advertInterval, virtualAddresses, Delivery.MULTICAST);
    }

    /** The same instance with unicast peers instead of multicast, or back. */
    public Expectation withDelivery(Delivery newDelivery) {
        return new Expectation(vrid, version, auth, advertInterval, virtualAddresses, newDelivery);
    }

    /**
     * The advert this instance sends at {@code priority}: its own VRID, version, interval,
     * authentication and virtual addresses.
     */
    public Advert advert(int priority) {
        return new Advert(version, vrid, priority, advertInterval, virtualAddresses, auth);
    }

    /** Judges a decoder result: a rejection stays one, an advert is {@linkplain #check(Received) checked}. */
    public Verdict check(DecodeResult decoded) {
        return switch (decoded) {
            case Rejected rejected -> rejected;
            case Received received -> check(received);
        };
    }

    /** Whether {@code received} is an advert for this instance that agrees with its configuration. */
    public Verdict check(Received received) {
        Advert advert = received.advert();
        if (advert.vrid() != vrid) {
            return new Rejected(Reason.UNKNOWN_VRID, "VRID " + advert.vrid() + ", this instance is VRID " + vrid);
        }
        if (advert.version() != version) {
            return new Rejected(Reason.VERSION_MISMATCH, "VRRPv" + advert.version() + " advert, instance speaks VRRPv" + version);
        }
        if (version == Advert.VERSION_2) {
            // RFC 3768 §7.1: MUST verify that the Auth Type matches the local one and perform it.
            if (advert.auth().getClass() != auth.getClass()) {
                return new Rejected(Reason.AUTH_TYPE_MISMATCH, "auth " + advert.auth() + ", instance expects " + auth);
            }
            if (auth instanceof Auth.SimpleText mine && advert.auth() instanceof Auth.SimpleText theirs
                    && !MessageDigest.isEqual(mine.data(), theirs.data())) { // constant time, as keepalived
                return new Rejected(Reason.PASSWORD_MISMATCH, "wrong password");
            }
            // RFC 3768 §7.1: MUST verify the Adver Interval equals the local one, else discard.
            if (!advert.advertInterval().equals(advertInterval)) {
                return new Rejected(Reason.ADVERT_INTERVAL_MISMATCH, "advert interval " + advert.advertInterval().toSeconds()
                        + " s, instance has " + advertInterval.toSeconds() + " s");
            }
        }
        String addressProblem = addressMismatch(advert.addresses());
        if (addressProblem != null) {
            return new Rejected(Reason.ADDRESS_LIST_MISMATCH, addressProblem);
        }
        boolean multicast = Ipv4.isMulticast(received.destination());
        if (multicast != (delivery == Delivery.MULTICAST)) {
            return new Rejected(Reason.DELIVERY_MISMATCH, (multicast ? "multicast" : "unicast") + " advert to "
                    + received.destination().getHostAddress() + " for a " + delivery.name().toLowerCase() + " instance");
        }
        return new Accepted(this, received);
    }

    /**
     * keepalived's rule: the count equals the number of virtual addresses and every virtual
     * address is in the advert (order free). Null when they agree.
     */
    private String addressMismatch(List<Inet4Address> advertised) {
        if (advertised.size() != virtualAddresses.size()) {
            return advertised.size() + " addresses advertised, instance has " + virtualAddresses.size();
        }
        for (Inet4Address vip : virtualAddresses) {
            if (!advertised.contains(vip)) {
                return vip.getHostAddress() + " missing from the advert";
            }
        }
        return null;
    }
}
