package io.tandem.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: {@code struct nlmsghdr}, a fixed family header, then {@code struct
 * rtattr} attributes, each padded to 4 bytes (linux/netlink.h, linux/rtnetlink.h). Machine byte
 * order except where an attribute holds a network address.
 */
final class NetlinkRequest {
    static final int HEADER_LENGTH = 16;

    // nlmsghdr flags (linux/netlink.h)
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    private final ByteBuffer buffer = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());

    /** Starts a message of {@code type} with {@code flags} and sequence number {@code sequence}. */
    NetlinkRequest(int type, int flags, int sequence) {
        buffer.putInt(0); // nlmsg_len, set by bytes()
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(sequence);
        buffer.putInt(0); // nlmsg_pid: to the kernel
    }

    /** {@code struct ifaddrmsg}: family, prefix length, flags, scope, interface index. */
    NetlinkRequest ifaddrmsg(int family, int prefixLength, int flags, int scope, int ifindex) {
        buffer.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(ifindex);
        return this;
    }

    /** {@code struct ifinfomsg}: family, pad, type, index, flags, change. */
    NetlinkRequest ifinfomsg(int family, int ifindex) {
        return ifinfomsg(family, ifindex, 0);
    }

    /** {@code struct ifinfomsg} with {@code ifi_flags} (as the kernel's notifications carry them; tests build those). */
    NetlinkRequest ifinfomsg(int family, int ifindex, int flags) {
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(flags).putInt(0);
        return this;
    }

    /** An attribute holding {@code value} as is. */
    NetlinkRequest attribute(int type, byte[] value) {
        int length = 4 + value.length;
        buffer.putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    /** An attribute holding {@code value} as a NUL-terminated string. */
    NetlinkRequest attribute(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** The message with its length filled in. */
    byte[] bytes() {
        buffer.putInt(0, buffer.position());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }
}
