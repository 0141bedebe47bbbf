package io.tandem.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the frames of a classic pcap file as tcpdump {@code -w} writes it (either byte order, µs or ns). */
final class Pcap {
    private Pcap() {}

    /** Every frame's captured bytes, in file order. A record cut short at the end (tcpdump still writing) is skipped. */
    static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) {
            return List.of();
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            int big = b.getInt(0);
            if (big != 0xa1b2c3d4 && big != 0xa1b23c4d) {
                throw new IOException(file + " is not a pcap file (magic " + Integer.toHexString(magic) + ")");
            }
        }
        List<byte[]> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            int captured = b.getInt(pos + 8);
            if (pos + 16 + captured > b.limit()) {
                break;
            }
            frames.add(Arrays.copyOfRange(b.array(), pos + 16, pos + 16 + captured));
            pos += 16 + captured;
        }
        return frames;
    }
}
