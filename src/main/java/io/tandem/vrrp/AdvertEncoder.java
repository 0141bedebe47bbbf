package io.tandem.vrrp;

import java.net.Inet4Address;
import java.util.List;

/**
 * Turns an {@link Advert} into bytes exactly as keepalived 2.2 sends it: the VRRP message alone
 * (what a raw socket takes without {@code IP_HDRINCL}), or a whole IPv4 datagram with keepalived's
 * header (what it sends with {@code IP_HDRINCL}, and what the simulation and the tests compare).
 */
public final class AdvertEncoder {
    private AdvertEncoder() {}

    /**
     * The VRRP message of {@code advert}. {@code source} and {@code destination} are the IP addresses
     * it will travel between: the v3 checksum covers them (RFC 5798 §5.2.8); v2 ignores them.
     */
    public static byte[] payload(Advert advert, Inet4Address source, Inet4Address destination) {
        byte[] out = new byte[advert.length()];
        writeMessage(advert, source, destination, out, 0);
        return out;
    }

    /**
     * A whole IPv4 datagram as keepalived's kernel path puts it on the wire: version 4, no options,
     * TOS 0xc0, the given identification (see {@link Ipv4#nextIdentification}), DF clear, TTL 255,
     * protocol 112, a correct header checksum, then the VRRP message.
     */
    public static byte[] datagram(Advert advert, Inet4Address source, Inet4Address destination, int identification) {
        if (identification < 0 || identification > 0xffff) {
            throw new IllegalArgumentException("IP identification must be 0..65535, not " + identification);
        }
        int total = Ipv4.HEADER_LENGTH + advert.length();
        byte[] out = new byte[total];
        Ipv4.writeHeader(out, total, identification, source, destination);
        writeMessage(advert, source, destination, out, Ipv4.HEADER_LENGTH);
        return out;
    }

    private static void writeMessage(Advert advert, Inet4Address source, Inet4Address destination, byte[] out, int offset) {
        int version = advert.version();
        int interval = Advert.intervalField(version, advert.advertInterval());
        List<Inet4Address> addresses = advert.addresses();
        out[offset] = (byte) (version << 4 | Advert.TYPE_ADVERTISEMENT);
        out[offset + 1] = (byte) advert.vrid();
        out[offset + 2] = (byte) advert.priority();
        out[offset + 3] = (byte) addresses.size();
        for (int i = 0; i < addresses.size(); i++) {
            System.arraycopy(addresses.get(i).getAddress(), 0, out, offset + Advert.FIXED_LENGTH + 4 * i, 4);
        }
        int authData = offset + Advert.FIXED_LENGTH + 4 * addresses.size();
        switch (advert.auth()) {
            case Auth.Absent absent -> Ipv4.putShort(out, offset + 4, interval); // Rsvd 4 bits = 0 (RFC 5798 §5.2.6)
            case Auth.None none -> {
                out[offset + 4] = Auth.TYPE_NONE;
                out[offset + 5] = (byte) interval;
                System.arraycopy(none.data(), 0, out, authData, Auth.DATA_LENGTH);
            }
            case Auth.SimpleText pass -> {
                out[offset + 4] = Auth.TYPE_SIMPLE_TEXT;
                out[offset + 5] = (byte) interval;
                System.arraycopy(pass.data(), 0, out, authData, Auth.DATA_LENGTH);
            }
        }
        int sum = AdvertChecksum.sumWithoutField(version, out, offset, advert.length(), source, destination);
        Ipv4.putShort(out, offset + AdvertChecksum.OFFSET, Checksum.finish(sum));
    }
}
