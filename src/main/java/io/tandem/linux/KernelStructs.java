package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The C structs the package hands to the kernel, laid out as on Linux x86_64 and aarch64. Each
 * method allocates one zeroed struct in {@code arena} and fills it. Addresses and ports are in
 * network byte order, everything else in the machine's order, as the kernel expects.
 */
final class KernelStructs {
    /** {@code struct sockaddr_in}: family, port, address, 8 bytes of zero. */
    static final long SOCKADDR_IN_SIZE = 16;
    /** {@code struct ip_mreqn}: group, local address, interface index. */
    static final long IP_MREQN_SIZE = 12;
    /** {@code struct sockaddr_ll}. */
    static final long SOCKADDR_LL_SIZE = 20;
    /** {@code struct sockaddr_nl}: family, pad, port id, groups. */
    static final long SOCKADDR_NL_SIZE = 12;
    /** {@code struct pollfd}: fd, events, revents. */
    static final long POLLFD_SIZE = 8;
    /** {@code struct ifreq}: name[16] and a 24-byte union. */
    static final long IFREQ_SIZE = 40;
    /** Offset of {@code ifr_hwaddr.sa_data} in {@code struct ifreq}: name[16], then sa_family (2 bytes). */
    static final long IFREQ_HWADDR_DATA = 18;

    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private KernelStructs() {}

    /** {@code sockaddr_in} for {@code address}, port 0 (raw sockets have no ports). */
    static MemorySegment sockaddrIn(Arena arena, Inet4Address address) {
        return sockaddrIn(arena, address.getAddress(), 0);
    }

    /** {@code sockaddr_in} for the four address bytes at {@code bytes[offset]}. */
    static MemorySegment sockaddrIn(Arena arena, byte[] bytes, int offset) {
        MemorySegment s = arena.allocate(SOCKADDR_IN_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) LibC.AF_INET);
        MemorySegment.copy(bytes, offset, s, ValueLayout.JAVA_BYTE, 4, 4);
        return s;
    }

    /** {@code ip_mreqn} joining {@code group} on interface {@code ifindex} (local address left 0.0.0.0). */
    static MemorySegment ipMreqn(Arena arena, Inet4Address group, int ifindex) {
        MemorySegment s = arena.allocate(IP_MREQN_SIZE, 4);
        MemorySegment.copy(group.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 0, 4);
        s.set(ValueLayout.JAVA_INT, 8, ifindex);
        return s;
    }

    /**
     * {@code sockaddr_ll} to send a frame out of {@code ifindex}: family AF_PACKET, the EtherType in
     * network order, and the destination hardware address (with SOCK_RAW the frame carries its own
     * Ethernet header; the kernel uses the index and does not look at the rest).
     */
    static MemorySegment sockaddrLl(Arena arena, int ifindex, int etherType, byte[] destinationMac) {
        MemorySegment s = arena.allocate(SOCKADDR_LL_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) LibC.AF_PACKET);
        s.set(SHORT_BE, 2, (short) etherType);
        s.set(ValueLayout.JAVA_INT, 4, ifindex);
        s.set(ValueLayout.JAVA_BYTE, 11, (byte) destinationMac.length);
        MemorySegment.copy(destinationMac, 0, s, ValueLayout.JAVA_BYTE, 12, destinationMac.length);
        return s;
    }

    /** {@code sockaddr_nl} with port id 0 (the kernel picks one on bind; as a destination: the kernel) and no groups. */
    static MemorySegment sockaddrNl(Arena arena) {
        return sockaddrNl(arena, 0);
    }

    /** {@code sockaddr_nl} with port id 0 and the multicast {@code groups} bit mask ({@code nl_groups}, e.g. RTMGRP_LINK). */
    static MemorySegment sockaddrNl(Arena arena, int groups) {
        MemorySegment s = arena.allocate(SOCKADDR_NL_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) LibC.AF_NETLINK);
        s.set(ValueLayout.JAVA_INT, 8, groups);
        return s;
    }

    /** An array of {@code pollfd}, each waiting for POLLIN. */
    static MemorySegment pollIn(Arena arena, int... fds) {
        MemorySegment s = arena.allocate(POLLFD_SIZE * fds.length, 4);
        for (int i = 0; i < fds.length; i++) {
            s.set(ValueLayout.JAVA_INT, POLLFD_SIZE * i, fds[i]);
            s.set(ValueLayout.JAVA_SHORT, POLLFD_SIZE * i + 4, LibC.POLLIN);
        }
        return s;
    }

    /** The {@code revents} of entry {@code i} of a {@link #pollIn} array. */
    static short revents(MemorySegment pollfds, int i) {
        return pollfds.get(ValueLayout.JAVA_SHORT, POLLFD_SIZE * i + 6);
    }

    /** {@code ifreq} with {@code ifr_name} set. */
    static MemorySegment ifreq(Arena arena, String interfaceName) {
        MemorySegment s = arena.allocate(IFREQ_SIZE, 8);
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, s, ValueLayout.JAVA_BYTE, 0, name.length);
        return s;
    }

    /** The interface name for {@code SO_BINDTODEVICE}: the name's bytes, NUL-terminated. */
    static MemorySegment interfaceName(Arena arena, String interfaceName) {
        return arena.allocateFrom(interfaceName);
    }

    /**
     * A {@code struct sock_fprog} with the one-instruction classic BPF program {@code ret #0}:
     * attached with {@code SO_ATTACH_FILTER}, the socket queues nothing. keepalived does the same
     * to its send-only sockets ({@code if_setsockopt_no_receive}); a raw socket would otherwise
     * queue a copy of every packet of its protocol.
     */
    static MemorySegment dropAllFilter(Arena arena) {
        MemorySegment program = arena.allocate(8, 4); // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
        program.set(ValueLayout.JAVA_SHORT, 0, (short) 0x06); // BPF_RET | BPF_K
        MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog { u16 len; (pad); struct sock_filter *filter; }
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
        fprog.set(ValueLayout.ADDRESS, 8, program);
        return fprog;
    }
}
