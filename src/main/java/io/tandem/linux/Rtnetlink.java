package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IPv4 addresses and link state through rtnetlink ({@code AF_NETLINK}, {@code NETLINK_ROUTE}), as
 * {@code ip addr} and keepalived do it, without a process: about 30 µs per address change against
 * milliseconds for running {@code ip} (DESIGN.md §3).
 *
 * <p>Every change asks for an acknowledgement ({@code NLM_F_ACK}) and waits for it: the method
 * returns when the kernel has applied the change, and a refusal becomes a {@link NativeCallException}
 * carrying the errno of the kernel's {@code NLMSG_ERROR} (and its extended-ack text, when given).
 *
 * <p>The socket lives in the network namespace of the thread that called {@link #open}. Methods are
 * synchronized: one request at a time per instance.
 */
public final class Rtnetlink implements AutoCloseable {
    // message types (linux/rtnetlink.h, linux/netlink.h)
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    // nlmsghdr flags in replies
    private static final int NLM_F_CAPPED = 0x100;
    private static final int NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int NETLINK_CAP_ACK = 10;
    // attributes
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_LABEL = 3;
    private static final int IFA_FLAGS = 8;
    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_OPERSTATE = 16;
    private static final int NLA_TYPE_MASK = 0x3fff;
    private static final int IFADDRMSG_LENGTH = 8;
    static final int IFINFOMSG_LENGTH = 16;

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int REPLY_TIMEOUT_MILLIS = 5_000;

    private enum Await { ACK, ONE, DUMP }

    private record Message(int type, int flags, ByteBuffer payload) {}

    private final SharedFds fds;
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private final MemorySegment kernel;
    private int sequence;

    private Rtnetlink(int fd, Arena arena) {
        this.fds = new SharedFds(arena::close, fd);
        this.buffer = arena.allocate(BUFFER_SIZE, 8);
        this.pollFd = KernelStructs.pollIn(arena, fd);
        this.kernel = KernelStructs.sockaddrNl(arena);
    }

    /**
     * Opens a route netlink socket in the calling thread's network namespace.
     *
     * @throws NativeCallException when the socket cannot be created or bound
     */
    public static Rtnetlink open() {
        Arena arena = Arena.ofShared();
        int fd = -1;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE, "for rtnetlink");
            optional(fd, NETLINK_CAP_ACK);
            optional(fd, LibC.NETLINK_EXT_ACK);
            LibC.bind(fd, KernelStructs.sockaddrNl(arena), "of the rtnetlink socket");
            return new Rtnetlink(fd, arena);
        } catch (RuntimeException e) {
            if (fd >= 0) {
                LibC.close(fd);
            }
            arena.close();
            throw e;
        }
    }

    /**
     * Adds {@code address/prefixLength} to interface {@code ifindex}, scope global, like {@code ip
     * addr add ADDRESS/PREFIX dev IF [label LABEL]} (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL).
     * The kernel also adds the prefix route when no address of that subnet was there.
     *
     * @param label {@code IFA_LABEL} (at most 15 bytes, e.g. {@code eth0:vip}); null for the interface name
     * @throws NativeCallException EEXIST when the address is already on the interface, ENODEV when
     *                             there is no interface {@code ifindex}, EPERM without CAP_NET_ADMIN
     */
    public synchronized void addAddress(int ifindex, Inet4Address address, int prefixLength, String label) {
        checkPrefix(prefixLength);
        Objects.requireNonNull(address, "address");
        if (label != null && (label.isEmpty() || label.getBytes(StandardCharsets.UTF_8).length >= LibC.IFNAMSIZ
                || label.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("label must be 1 to 15 bytes without NUL: \"" + label + "\"");
        }
        NetlinkRequest request = new NetlinkRequest(RTM_NEWADDR,
                NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK | NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL,
                ++sequence)
                .ifaddrmsg(LibC.AF_INET, prefixLength, 0, 0, ifindex)
                .attribute(IFA_LOCAL, address.getAddress())
                .attribute(IFA_ADDRESS, address.getAddress());
        if (label != null) {
            request.attribute(IFA_LABEL, label);
        }
        exchange(request.bytes(), Await.ACK, "RTM_NEWADDR", describe(address, prefixLength, ifindex));
    }

    /**
     * Removes {@code address/prefixLength} from interface {@code ifindex}, like {@code ip addr del}.
     *
     * @throws NativeCallException EADDRNOTAVAIL when it is not there, ENODEV for a missing interface
     */
    public synchronized void deleteAddress(int ifindex, Inet4Address address, int prefixLength) {
        checkPrefix(prefixLength);
        Objects.requireNonNull(address, "address");
        byte[] request = new NetlinkRequest(RTM_DELADDR, NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_ACK, ++sequence)
                .ifaddrmsg(LibC.AF_INET, prefixLength, 0, 0, ifindex)
                .attribute(IFA_LOCAL, address.getAddress())
                .attribute(IFA_ADDRESS, address.getAddress())
                .bytes();
        exchange(request, Await.ACK, "RTM_DELADDR", describe(address, prefixLength, ifindex));
    }

    /**
     * The IPv4 addresses of interface {@code ifindex} in the kernel's order (a subnet's primary before its
     * secondaries), from
     * an {@code RTM_GETADDR} dump; an interface without addresses, or none with that index, gives
     * an empty list.
     */
    public synchronized List<LinkAddress> addresses(int ifindex) {
        byte[] request = new NetlinkRequest(RTM_GETADDR, NetlinkRequest.NLM_F_REQUEST | NetlinkRequest.NLM_F_DUMP, ++sequence)
                .ifaddrmsg(LibC.AF_INET, 0, 0, 0, 0)
                .bytes();
        List<LinkAddress> result = new ArrayList<>();
        for (Message m : exchange(request, Await.DUMP, "RTM_GETADDR", "(dump)")) {
            if (m.type() != RTM_NEWADDR || m.payload().remaining() < IFADDRMSG_LENGTH) {
                continue;
            }
            ByteBuffer p = m.payload();
            int family = p.get(0) & 0xff;
            int index = p.getInt(4);
            if (family != LibC.AF_INET || index != ifindex) {
                continue;
            }
            Map<Integer, ByteBuffer> attributes = attributes(p, IFADDRMSG_LENGTH);
            ByteBuffer local = attributes.getOrDefault(IFA_LOCAL, attributes.get(IFA_ADDRESS));
            if (local == null || local.remaining() != 4) {
                continue;
            }
            ByteBuffer flags = attributes.get(IFA_FLAGS);
            ByteBuffer label = attributes.get(IFA_LABEL);
            result.add(new LinkAddress(index, inet4(local), p.get(1) & 0xff, label == null ? "" : string(label),
                    p.get(3) & 0xff, flags != null && flags.remaining() >= 4 ? flags.getInt(0) : p.get(2) & 0xff));
        }
        return result;
    }

    /**
     * The interface with index {@code ifindex} ({@code RTM_GETLINK}).
     *
     * @throws NativeCallException ENODEV when there is none
     */
    public synchronized Link link(int ifindex) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("interface index must be positive, not " + ifindex);
        }
        byte[] request = new NetlinkRequest(RTM_GETLINK, NetlinkRequest.NLM_F_REQUEST, ++sequence)
                .ifinfomsg(0, ifindex)
                .bytes();
        return link(exchange(request, Await.ONE, "RTM_GETLINK", "for interface #" + ifindex));
    }

    /**
     * The interface called {@code name} in this socket's namespace ({@code RTM_GETLINK} with
     * {@code IFLA_IFNAME}): also the way to an index that is right for this namespace.
     *
     * @throws NativeCallException ENODEV when there is none
     */
    public synchronized Link link(String name) {
        LibC.checkInterfaceName(name);
        byte[] request = new NetlinkRequest(RTM_GETLINK, NetlinkRequest.NLM_F_REQUEST, ++sequence)
                .ifinfomsg(0, 0)
                .attribute(IFLA_IFNAME, name)
                .bytes();
        return link(exchange(request, Await.ONE, "RTM_GETLINK", "for " + name));
    }

    /** Closes the socket; idempotent. A request in progress completes first. */
    @Override
    public void close() {
        fds.close(() -> {});
    }

    @Override
    public String toString() {
        return "Rtnetlink[" + (fds.isOpen() ? "open" : "closed") + "]";
    }

    private static Link link(List<Message> replies) {
        for (Message m : replies) {
            if (m.type() == RTM_NEWLINK && m.payload().remaining() >= IFINFOMSG_LENGTH) {
                return parseLink(m.payload());
            }
        }
        throw new IllegalStateException("RTM_GETLINK: the kernel answered without a link");
    }

    /**
     * The link in the payload of an {@code RTM_NEWLINK} or {@code RTM_DELLINK} message: {@code
     * struct ifinfomsg} (at least {@link #IFINFOMSG_LENGTH} bytes, machine order) and its attributes.
     */
    static Link parseLink(ByteBuffer p) {
        Map<Integer, ByteBuffer> attributes = attributes(p, IFINFOMSG_LENGTH);
        ByteBuffer name = attributes.get(IFLA_IFNAME);
        ByteBuffer mac = attributes.get(IFLA_ADDRESS);
        ByteBuffer oper = attributes.get(IFLA_OPERSTATE);
        ByteBuffer mtu = attributes.get(IFLA_MTU);
        byte[] macBytes = new byte[mac == null ? 0 : mac.remaining()];
        if (mac != null) {
            mac.get(0, macBytes);
        }
        return new Link(p.getInt(4), name == null ? "" : string(name), p.getInt(8),
                Link.OperState.of(oper == null || !oper.hasRemaining() ? 0 : oper.get(0) & 0xff), macBytes,
                mtu == null || mtu.remaining() < 4 ? 0 : mtu.getInt(0));
    }

    /** Sends {@code request} and collects the replies with its sequence number until {@code await} is met. */
    private List<Message> exchange(byte[] request, Await await, String call, String context) {
        if (!fds.enter()) {
            throw new IllegalStateException("rtnetlink socket is closed");
        }
        try (Arena scratch = Arena.ofConfined()) {
            int fd = fds.fd(0);
            int seq = sequence;
            MemorySegment out = scratch.allocate(request.length, 8);
            MemorySegment.copy(request, 0, out, ValueLayout.JAVA_BYTE, 0, request.length);
            LibC.sendto(fd, out, request.length, kernel, call + " " + context);
            List<Message> replies = new ArrayList<>();
            long deadline = System.nanoTime() + REPLY_TIMEOUT_MILLIS * 1_000_000L;
            while (true) {
                long n = LibC.recv(fd, buffer, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, call + " reply");
                if (n < 0) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new IllegalStateException(call + " " + context + ": no reply from the kernel in "
                                + REPLY_TIMEOUT_MILLIS + " ms");
                    }
                    LibC.poll(pollFd, 1, (int) left, call + " reply");
                    continue;
                }
                if (n > BUFFER_SIZE) {
                    throw new IllegalStateException(call + " reply of " + n + " bytes exceeds the buffer of " + BUFFER_SIZE);
                }
                ByteBuffer in = buffer.asSlice(0, n).asByteBuffer().order(ByteOrder.nativeOrder());
                int pos = 0;
                while (pos + NetlinkRequest.HEADER_LENGTH <= n) {
                    int length = in.getInt(pos);
                    if (length < NetlinkRequest.HEADER_LENGTH || pos + length > n) {
                        throw new IllegalStateException(call + ": malformed netlink message of length " + length);
                    }
                    int type = in.getShort(pos + 4) & 0xffff;
                    int flags = in.getShort(pos + 6) & 0xffff;
                    int msgSeq = in.getInt(pos + 8);
                    ByteBuffer payload = copy(in, pos + NetlinkRequest.HEADER_LENGTH, length - NetlinkRequest.HEADER_LENGTH);
                    pos += align(length);
                    if (msgSeq != seq) {
                        continue; // a late reply to an earlier request
                    }
                    switch (type) {
                        case NLMSG_ERROR -> {
                            int error = payload.getInt(0);
                            if (error != 0) {
                                throw new NativeCallException(call, context, -error, extendedAck(payload, flags));
                            }
                            return replies;
                        }
                        case NLMSG_DONE -> {
                            int error = payload.remaining() >= 4 ? payload.getInt(0) : 0;
                            if (error < 0) {
                                throw new NativeCallException(call, context, -error);
                            }
                            return replies;
                        }
                        case NLMSG_NOOP -> { }
                        default -> {
                            replies.add(new Message(type, flags, payload));
                            if (await == Await.ONE) {
                                return replies;
                            }
                        }
                    }
                }
            }
        } finally {
            fds.exit();
        }
    }

    /** The kernel's {@code NLMSGERR_ATTR_MSG} text of an error reply, or null. */
    private static String extendedAck(ByteBuffer error, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0 || error.remaining() < 4 + NetlinkRequest.HEADER_LENGTH) {
            return null;
        }
        int offset = 4 + NetlinkRequest.HEADER_LENGTH;
        if ((flags & NLM_F_CAPPED) == 0) {
            offset = 4 + align(error.getInt(4)); // the whole request came back
        }
        if (offset > error.remaining()) {
            return null;
        }
        ByteBuffer message = attributes(error, offset).get(NLMSGERR_ATTR_MSG);
        return message == null ? null : string(message);
    }

    /** The attributes from {@code offset} to the end of {@code payload}, by type; each value a slice. */
    private static Map<Integer, ByteBuffer> attributes(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        int pos = offset;
        while (pos + 4 <= payload.limit()) {
            int length = payload.getShort(pos) & 0xffff;
            int type = payload.getShort(pos + 2) & NLA_TYPE_MASK;
            if (length < 4 || pos + length > payload.limit()) {
                break;
            }
            map.putIfAbsent(type, payload.slice(pos + 4, length - 4).order(ByteOrder.nativeOrder()));
            pos += align(length);
        }
        return map;
    }

    private static ByteBuffer copy(ByteBuffer in, int offset, int length) {
        byte[] bytes = new byte[length];
        in.get(offset, bytes);
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    private static String string(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(0, bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static Inet4Address inet4(ByteBuffer b) {
        byte[] bytes = new byte[4];
        b.get(0, bytes);
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int align(int length) {
        return (length + 3) & ~3;
    }

    private static void optional(int fd, int option) {
        try {
            LibC.setsockopt(fd, LibC.SOL_NETLINK, option, 1, "netlink option " + option, "");
        } catch (NativeCallException older) {
            // kernels before 4.3/4.12 lack CAP_ACK/EXT_ACK: errors then come without the kernel's text
        }
    }

    private static void checkPrefix(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0..32, not " + prefixLength);
        }
    }

    private static String describe(Inet4Address address, int prefixLength, int ifindex) {
        return "of " + address.getHostAddress() + "/" + prefixLength + " on interface #" + ifindex;
    }
}
