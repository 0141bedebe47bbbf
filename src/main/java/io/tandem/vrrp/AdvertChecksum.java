package io.tandem.vrrp;

import java.net.Inet4Address;

/**
 * What each VRRP version's checksum covers, for the encoder and the decoder alike.
 *
 * <ul>
 *   <li>v2: the VRRP message only, starting with the version field (RFC 3768 §5.3.8).
 *   <li>v3: an IPv4 pseudo-header (source, destination, a zero byte, protocol 112, the VRRP
 *       message length), then the message (RFC 5798 §5.2.8). keepalived uses the datagram's real
 *       destination, also for unicast peers (unless {@code old_unicast_checksum}, not supported).
 * </ul>
 */
final class AdvertChecksum {
    private AdvertChecksum() {}

    /** Offset of the checksum in the VRRP message (RFC 3768 §5.1, RFC 5798 §5.1). */
    static final int OFFSET = 6;

    /**
     * The folded RFC 1071 sum of everything the checksum covers except the checksum field itself,
     * for the message {@code msg[offset, offset + length)}; {@code length} is even for every
     * well-formed message (8 + 4n, plus 8 for v2).
     */
    static int sumWithoutField(int version, byte[] msg, int offset, int length, Inet4Address source, Inet4Address destination) {
        int sum = 0;
        if (version == Advert.VERSION_3) {
            byte[] pseudo = new byte[12];
            System.arraycopy(source.getAddress(), 0, pseudo, 0, 4);
            System.arraycopy(destination.getAddress(), 0, pseudo, 4, 4);
            pseudo[9] = (byte) Ipv4.PROTOCOL_VRRP;
            Ipv4.putShort(pseudo, 10, length);
            sum = Checksum.add(sum, pseudo, 0, pseudo.length);
        }
        sum = Checksum.add(sum, msg, offset, OFFSET);
        return Checksum.add(sum, msg, offset + OFFSET + 2, length - OFFSET - 2);
    }
}
