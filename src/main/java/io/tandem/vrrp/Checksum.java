package io.tandem.vrrp;

import java.util.Objects;

/**
 * The Internet checksum of RFC 1071: the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words, an odd last byte padded with a zero byte (§1, §4.1).
 * VRRPv2 takes it over the VRRP message (RFC 3768 §5.3.8), VRRPv3 over an IPv4 pseudo-header and
 * the message (RFC 5798 §5.2.8), and the IPv4 header over itself (RFC 791 §3.1).
 *
 * <p>Sums of several pieces chain through {@link #add}: every piece but the last must have an
 * even length, or its last byte would be paired with a zero instead of the next piece's first.
 */
public final class Checksum {
    private Checksum() {}

    /**
     * Adds {@code data[offset, offset + length)} to a running folded sum and returns the new folded
     * sum (0..0xffff). Start from 0.
     */
    public static int add(int sum, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long acc = sum & 0xffff;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (data[i] & 0xff) << 8;
        }
        return fold(acc);
    }

    /** The checksum to put on the wire for a folded sum: its one's complement. */
    public static int finish(int sum) {
        return ~sum & 0xffff;
    }

    /** The checksum of {@code data[offset, offset + length)} with its checksum field already zero. */
    public static int of(byte[] data, int offset, int length) {
        return finish(add(0, data, offset, length));
    }

    /** The checksum of all of {@code data}. */
    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }

    /**
     * Whether data that carries its own checksum verifies: its folded sum, checksum field included,
     * is 0xffff (RFC 1071 §1 (2)).
     */
    public static boolean verifies(int sumIncludingChecksum) {
        return sumIncludingChecksum == 0xffff;
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
