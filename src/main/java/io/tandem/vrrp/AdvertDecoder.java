package io.tandem.vrrp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads adverts from received bytes. Never throws on content: any length and any bytes give a
 * {@link Received} or a {@link Rejected} with its {@link Reason} (DESIGN.md §4, S5). Only the
 * checks a datagram can fail on its own are made here; whether it fits a local instance is
 * {@link Expectation}'s job.
 *
 * <p>Order of the checks, first failure wins: IPv4 header (length, version, IHL, total length,
 * header checksum), protocol, TTL, fixed VRRP fields, version, type, length against the address
 * count, checksum, v2 auth type. This follows RFC 5798 §7.1's list and keepalived's
 * {@code vrrp_check_packet}, except that keepalived looks at the local configuration (version,
 * auth, interval, address count) before the checksum, so a corrupted advert may be counted under
 * another reason there.
 */
public final class AdvertDecoder {
    private AdvertDecoder() {}

    /** A whole IPv4 datagram as a raw socket delivers it: IP header first, exactly total-length bytes. */
    public static DecodeResult datagram(byte[] datagram) {
        return datagram(datagram, 0, datagram.length);
    }

    /** The IPv4 datagram in {@code buffer[offset, offset + length)}, e.g. a reused receive buffer. */
    public static DecodeResult datagram(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length < Ipv4.HEADER_LENGTH) {
            return reject(Reason.TRUNCATED, length + " bytes, shorter than an IPv4 header");
        }
        int versionIhl = buffer[offset + Ipv4.VERSION_IHL] & 0xff;
        if (versionIhl >>> 4 != 4) {
            return reject(Reason.IP_HEADER_INVALID, "IP version " + (versionIhl >>> 4));
        }
        int headerLength = (versionIhl & 0x0f) * 4;
        if (headerLength < Ipv4.HEADER_LENGTH) {
            return reject(Reason.IP_HEADER_INVALID, "IP header length " + headerLength + " below 20");
        }
        if (length < headerLength) {
            return reject(Reason.TRUNCATED, length + " bytes, shorter than the IP header with options (" + headerLength + ")");
        }
        int totalLength = Ipv4.getShort(buffer, offset + Ipv4.TOTAL_LENGTH);
        if (totalLength > length) {
            return reject(Reason.TRUNCATED, length + " bytes received of an IP total length of " + totalLength);
        }
        if (totalLength != length || totalLength < headerLength) {
            // keepalived: "ip_tot_len mismatch against received length"
            return reject(Reason.IP_HEADER_INVALID, "IP total length " + totalLength + " but " + length + " bytes received");
        }
        if (!Checksum.verifies(Checksum.add(0, buffer, offset, headerLength))) {
            return reject(Reason.IP_HEADER_INVALID, "IP header checksum does not verify");
        }
        int protocol = buffer[offset + Ipv4.PROTOCOL] & 0xff;
        if (protocol != Ipv4.PROTOCOL_VRRP) {
            return reject(Reason.NOT_VRRP, "IP protocol " + protocol);
        }
        Inet4Address source = Ipv4.address(buffer, offset + Ipv4.SOURCE);
        Inet4Address destination = Ipv4.address(buffer, offset + Ipv4.DESTINATION);
        int ttl = buffer[offset + Ipv4.TIME_TO_LIVE] & 0xff;
        return payload(buffer, offset + headerLength, totalLength - headerLength, source, destination, ttl);
    }

    /**
     * A VRRP message without its IP header, with the IP facts given separately (the simulation's
     * in-memory network, or a socket that strips the header).
     */
    public static DecodeResult payload(byte[] payload, Inet4Address source, Inet4Address destination, int ttl) {
        return payload(payload, 0, payload.length, source, destination, ttl);
    }

    /** The VRRP message in {@code buffer[offset, offset + length)}. */
    public static DecodeResult payload(byte[] buffer, int offset, int length, Inet4Address source, Inet4Address destination, int ttl) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        // RFC 3768 §7.1, RFC 5798 §7.1: MUST verify the TTL is 255. keepalived skips this for
        // unicast instances (peers may be routed, see unicast_ttl); a unicast advert reaching a
        // multicast instance is dropped by Expectation instead.
        if (Ipv4.isMulticast(destination) && ttl != Ipv4.TTL) {
            return reject(Reason.TTL_INVALID, "TTL " + ttl + " on a multicast advert, must be " + Ipv4.TTL);
        }
        if (length < Advert.FIXED_LENGTH) {
            return reject(Reason.TRUNCATED, length + " bytes, shorter than the VRRP header (" + Advert.FIXED_LENGTH + ")");
        }
        int version = (buffer[offset] & 0xff) >>> 4;
        if (version != Advert.VERSION_2 && version != Advert.VERSION_3) {
            return reject(Reason.VERSION_INVALID, "VRRP version " + version);
        }
        int type = buffer[offset] & 0x0f;
        if (type != Advert.TYPE_ADVERTISEMENT) {
            return reject(Reason.TYPE_INVALID, "VRRP type " + type);
        }
        int count = buffer[offset + 3] & 0xff;
        int expected = Advert.length(version, count);
        if (length != expected) {
            // keepalived: "vrrp packet too short/long"; it wants the exact length, so do we
            return reject(Reason.LENGTH_MISMATCH, "VRRPv" + version + " with " + count + " addresses is " + expected
                    + " bytes, got " + length);
        }
        int sum = AdvertChecksum.sumWithoutField(version, buffer, offset, length, source, destination);
        int checksum = Ipv4.getShort(buffer, offset + AdvertChecksum.OFFSET);
        if (!Checksum.verifies(Checksum.add(sum, buffer, offset + AdvertChecksum.OFFSET, 2))) {
            return reject(Reason.CHECKSUM_INVALID, String.format("VRRPv%d checksum 0x%04x, computed 0x%04x", version,
                    checksum, Checksum.finish(sum)));
        }
        int vrid = buffer[offset + 1] & 0xff;
        int priority = buffer[offset + 2] & 0xff;
        List<Inet4Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(Ipv4.address(buffer, offset + Advert.FIXED_LENGTH + 4 * i));
        }
        if (version == Advert.VERSION_3) {
            // RFC 5798 §5.2.6: Rsvd MUST be ignored on reception
            int interval = Ipv4.getShort(buffer, offset + 4) & Advert.V3_MAX_INTERVAL_CENTISECONDS;
            return new Received(Advert.v3(vrid, priority, Advert.interval(version, interval), addresses), source, destination, ttl);
        }
        int authType = buffer[offset + 4] & 0xff;
        byte[] authData = new byte[Auth.DATA_LENGTH];
        System.arraycopy(buffer, offset + length - Auth.DATA_LENGTH, authData, 0, Auth.DATA_LENGTH);
        Auth auth;
        switch (authType) {
            case Auth.TYPE_NONE -> auth = new Auth.None(authData);
            case Auth.TYPE_SIMPLE_TEXT -> auth = new Auth.SimpleText(authData);
            default -> {
                return reject(Reason.AUTH_TYPE_UNKNOWN, "VRRPv2 auth type " + authType + (authType == 2 ? " (IP AH, unsupported)" : ""));
            }
        }
        int interval = buffer[offset + 5] & 0xff;
        return new Received(Advert.v2(vrid, priority, Advert.interval(version, interval), addresses, auth), source, destination, ttl);
    }

    private static Rejected reject(Reason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
