package io.tandem.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IPv4 side of VRRP: the header fields RFC 3768 §5.2 and RFC 5798 §5.1.1 fix, and the ones
 * keepalived 2.2 sets when it builds the header itself ({@code IP_HDRINCL}, {@code vrrp_build_ip4}).
 * The encoder writes headers like keepalived's and the decoder reads the header a raw socket
 * delivers in front of every datagram.
 */
public final class Ipv4 {
    private Ipv4() {}

    /** RFC 3768 §5.2.4, RFC 5798 §5.1.1.4: IP protocol number of VRRP. */
    public static final int PROTOCOL_VRRP = 112;
    /** RFC 3768 §5.2.3, RFC 5798 §5.1.1.3: sent with TTL 255, and a received TTL other than 255 means discard. */
    public static final int TTL = 255;
    /** keepalived's {@code vrrp_build_ip4}: TOS 0xc0, precedence "internetwork control" (RFC 791 §3.1). */
    public static final int TOS_INTERNETWORK_CONTROL = 0xc0;
    /** RFC 3768 §5.2.2, RFC 5798 §5.1.1.2: the IANA group 224.0.0.18 adverts go to unless unicast peers are configured. */
    public static final Inet4Address VRRP_GROUP = address(new byte[] {(byte) 224, 0, 0, 18}, 0);
    /** An IPv4 header without options (RFC 791 §3.1); the encoder never writes options. */
    public static final int HEADER_LENGTH = 20;

    // Offsets in the IPv4 header (RFC 791 §3.1).
    static final int VERSION_IHL = 0;
    static final int TOS = 1;
    static final int TOTAL_LENGTH = 2;
    static final int IDENTIFICATION = 4;
    static final int FLAGS_FRAGMENT = 6;
    static final int TIME_TO_LIVE = 8;
    static final int PROTOCOL = 9;
    static final int HEADER_CHECKSUM = 10;
    static final int SOURCE = 12;
    static final int DESTINATION = 16;

    /** 224.0.0.0/4 (RFC 5771). keepalived tells multicast from unicast adverts this way ({@code IN_MULTICAST}). */
    public static boolean isMulticast(Inet4Address address) {
        return (address.getAddress()[0] & 0xf0) == 0xe0;
    }

    /**
     * The IP identification of the next advert of an instance after {@code previous}: keepalived
     * starts every instance at 1 and counts up, skipping 0 on wrap because the kernel fills in an
     * ID of its own when the field is 0 ({@code vrrp_update_pkt}).
     */
    public static int nextIdentification(int previous) {
        int next = (previous + 1) & 0xffff;
        return next == 0 ? 1 : next;
    }

    /** Writes keepalived's header for a datagram of {@code totalLength} bytes at the start of {@code out}. */
    static void writeHeader(byte[] out, int totalLength, int identification, Inet4Address source, Inet4Address destination) {
        out[VERSION_IHL] = 0x45; // version 4, IHL 5 words: no options, no Router Alert
        out[TOS] = (byte) TOS_INTERNETWORK_CONTROL;
        putShort(out, TOTAL_LENGTH, totalLength);
        putShort(out, IDENTIFICATION, identification);
        putShort(out, FLAGS_FRAGMENT, 0); // DF clear, not a fragment
        out[TIME_TO_LIVE] = (byte) TTL;
        out[PROTOCOL] = (byte) PROTOCOL_VRRP;
        putShort(out, HEADER_CHECKSUM, 0);
        System.arraycopy(source.getAddress(), 0, out, SOURCE, 4);
        System.arraycopy(destination.getAddress(), 0, out, DESTINATION, 4);
        putShort(out, HEADER_CHECKSUM, Checksum.of(out, 0, HEADER_LENGTH));
    }

    /** The four bytes at {@code offset} as an address; no name service is asked. */
    static Inet4Address address(byte[] bytes, int offset) {
        byte[] four = {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]};
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    static int getShort(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
    }

    static void putShort(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }
}
