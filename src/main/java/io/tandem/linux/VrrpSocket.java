package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Raw IPv4 sockets for VRRP (IP protocol 112) on one interface, set up as keepalived 2.2 does.
 *
 * <p>Two kernel sockets:
 * <ul>
 *   <li><b>send</b>: {@code IP_HDRINCL}, so the caller's bytes (a whole datagram from {@code
 *       AdvertEncoder.datagram}: TOS 0xc0, TTL 255, keepalived's IP ID sequence) go on the wire as
 *       given (the kernel fills only the header checksum, and the total length, which is the
 *       datagram's length anyway); {@code SO_BINDTODEVICE}, {@code IP_MULTICAST_IF} to the
 *       interface, {@code IP_MULTICAST_LOOP} 0 so this host does not hear its own adverts, and a
 *       drop-all filter so it never queues received packets.
 *   <li><b>receive</b>: never bound to an address (a raw socket bound to the unicast source also
 *       filters received packets by destination and would never see 224.0.0.18; DESIGN.md §3),
 *       {@code SO_BINDTODEVICE}, {@code IP_MULTICAST_ALL} 0, and for {@link #multicast} a
 *       membership of 224.0.0.18 on the interface ({@code IP_ADD_MEMBERSHIP}, {@code ip_mreqn} by
 *       index). It receives multicast adverts and unicast adverts to any local address that arrive
 *       on the interface, each as the whole IPv4 datagram, header first.
 * </ul>
 *
 * <p>Thread safety: any thread may {@link #send}; one thread at a time receives (others wait);
 * {@link #close} from any thread wakes a blocked {@link #receive}, which then returns {@link #CLOSED}.
 * Use platform threads for receiving: a thread blocked in a native call pins a virtual thread's carrier.
 */
public final class VrrpSocket implements AutoCloseable {
    /** IP protocol number of VRRP (RFC 5798 §5.1.1.4). */
    public static final int PROTOCOL_VRRP = 112;
    /** {@link #receive} result once the socket is closed. */
    public static final int CLOSED = -1;
    /** {@link #receive(byte[], Duration)} result when the timeout passed without a datagram. */
    public static final int TIMED_OUT = 0;
    /** The largest IPv4 datagram; a receive buffer of this size never truncates. */
    public static final int MAX_DATAGRAM = 65_535;

    private static final int SEND = 0;
    private static final int RECEIVE = 1;
    private static final int WAKE = 2;
    // entries of pollFds
    private static final int POLL_RECEIVE = 0;
    private static final int POLL_WAKE = 1;
    private static final byte[] VRRP_GROUP = {(byte) 224, 0, 0, 18};

    private final String interfaceName;
    private final int interfaceIndex;
    private final boolean joined;
    private final SharedFds fds;
    private final MemorySegment receiveBuffer;
    private final MemorySegment pollFds;
    private final MemorySegment wakeValue;
    private final Object receiveLock = new Object();

    private VrrpSocket(String interfaceName, int interfaceIndex, boolean joined, int send, int receive, int wake,
            Arena arena) {
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
        this.joined = joined;
        this.fds = new SharedFds(arena::close, send, receive, wake);
        this.receiveBuffer = arena.allocate(MAX_DATAGRAM);
        this.pollFds = KernelStructs.pollIn(arena, receive, wake);
        this.wakeValue = arena.allocateFrom(ValueLayout.JAVA_LONG, 1L);
    }

    /**
     * Opens the sockets on {@code interfaceName} (looked up in the calling thread's network
     * namespace) and joins 224.0.0.18 there: for instances that advertise by multicast.
     *
     * @throws NativeCallException ENODEV when there is no such interface, EPERM without CAP_NET_RAW
     */
    public static VrrpSocket multicast(String interfaceName) {
        return open(interfaceName, true);
    }

    /**
     * Opens the sockets on {@code interfaceName} without joining the VRRP group: for instances with
     * {@code unicast_peer}s, which receive adverts sent to one of their own addresses.
     *
     * @throws NativeCallException ENODEV when there is no such interface, EPERM without CAP_NET_RAW
     */
    public static VrrpSocket unicast(String interfaceName) {
        return open(interfaceName, false);
    }

    private static VrrpSocket open(String interfaceName, boolean join) {
        LibC.checkInterfaceName(interfaceName);
        int ifindex = LibC.ifNameToIndex(interfaceName);
        String on = "on " + interfaceName;
        int send = -1;
        int receive = -1;
        int wake = -1;
        Arena arena = Arena.ofShared();
        try {
            send = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, PROTOCOL_VRRP, "for VRRP send " + on);
            LibC.setsockopt(send, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, KernelStructs.dropAllFilter(arena),
                    "SO_ATTACH_FILTER", on);
            LibC.setsockopt(send, LibC.IPPROTO_IP, LibC.IP_HDRINCL, 1, "IP_HDRINCL", on);
            LibC.setsockopt(send, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, KernelStructs.interfaceName(arena, interfaceName),
                    "SO_BINDTODEVICE", on);
            LibC.setsockopt(send, LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, KernelStructs.ipMreqn(arena, any(), ifindex),
                    "IP_MULTICAST_IF", on);
            LibC.setsockopt(send, LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL", on);
            LibC.setsockopt(send, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP", on);

            receive = LibC.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, PROTOCOL_VRRP,
                    "for VRRP receive " + on);
            LibC.setsockopt(receive, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE,
                    KernelStructs.interfaceName(arena, interfaceName), "SO_BINDTODEVICE", on);
            LibC.setsockopt(receive, LibC.IPPROTO_IP, LibC.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL", on);
            LibC.setsockopt(receive, LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP", on);
            if (join) {
                LibC.setsockopt(receive, LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP,
                        KernelStructs.ipMreqn(arena, group(), ifindex), "IP_ADD_MEMBERSHIP", "of 224.0.0.18 " + on);
            }
            wake = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK, "to wake VRRP receivers " + on);
            return new VrrpSocket(interfaceName, ifindex, join, send, receive, wake, arena);
        } catch (RuntimeException e) {
            for (int fd : new int[] {send, receive, wake}) {
                if (fd >= 0) {
                    LibC.close(fd);
                }
            }
            arena.close();
            throw e;
        }
    }

    /** The interface the sockets are bound to. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's index in the socket's namespace, as when the socket was opened. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** True for {@link #multicast}: the receive socket is a member of 224.0.0.18. */
    public boolean joinedGroup() {
        return joined;
    }

    /** {@link #send(byte[], int, int)} of the whole array. */
    public void send(byte[] datagram) {
        send(datagram, 0, datagram.length);
    }

    /**
     * Sends one whole IPv4 datagram, header included, as it is. The destination is the header's
     * destination address: 224.0.0.18 for multicast adverts, a peer's address for unicast ones.
     *
     * @throws IllegalArgumentException when the bytes do not start with an IPv4 header
     * @throws IllegalStateException    after {@link #close}
     * @throws NativeCallException      when the kernel refuses, e.g. ENETDOWN or ENETUNREACH
     */
    public void send(byte[] datagram, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        if (length < 20 || (datagram[offset] & 0xf0) != 0x40 || (datagram[offset] & 0x0f) * 4 > length
                || (datagram[offset] & 0x0f) < 5) {
            throw new IllegalArgumentException("not an IPv4 datagram with its header: " + length + " bytes");
        }
        if (!fds.enter()) {
            throw new IllegalStateException(this + " is closed");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buffer = call.allocate(length);
            MemorySegment.copy(datagram, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
            MemorySegment destination = KernelStructs.sockaddrIn(call, datagram, offset + 16);
            long sent = LibC.sendto(fds.fd(SEND), buffer, length, destination,
                    "to " + dotted(datagram, offset + 16) + " on " + interfaceName);
            if (sent != length) {
                throw new IllegalStateException("sendto on " + interfaceName + " sent " + sent + " of " + length + " bytes");
            }
        } finally {
            fds.exit();
        }
    }

    /**
     * Waits for the next datagram and copies it, IP header first, into {@code buffer}.
     *
     * @return its length, or {@link #CLOSED} once the socket is closed (also when closed while
     *         waiting). A datagram longer than {@code buffer} is cut to fit and the full length is
     *         not reported: the IP header's total length then exceeds the returned length, which
     *         the decoder rejects as truncated.
     */
    public int receive(byte[] buffer) {
        return receive(buffer, -1);
    }

    /**
     * Like {@link #receive(byte[])}, waiting at most {@code timeout} ({@link Duration#ZERO}: only
     * take a datagram that is already queued).
     *
     * @return the length, {@link #TIMED_OUT} when nothing came in time, or {@link #CLOSED}
     */
    public int receive(byte[] buffer, Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 2;
        }
        return receive(buffer, Math.min(nanos, Long.MAX_VALUE / 2));
    }

    /** @param timeoutNanos -1 to wait for ever; 0 to take only what is already queued */
    private int receive(byte[] buffer, long timeoutNanos) {
        Objects.requireNonNull(buffer, "buffer");
        if (!fds.enter()) {
            return CLOSED;
        }
        try {
            synchronized (receiveLock) {
                long deadline = System.nanoTime() + Math.max(timeoutNanos, 0);
                String context = "on " + interfaceName + " (VRRP receive)";
                while (true) {
                    int wait = -1;
                    if (timeoutNanos >= 0) {
                        long left = Math.max(0, deadline - System.nanoTime());
                        wait = (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
                    }
                    LibC.poll(pollFds, 2, wait, context);
                    if (KernelStructs.revents(pollFds, POLL_WAKE) != 0) {
                        return CLOSED;
                    }
                    if (KernelStructs.revents(pollFds, POLL_RECEIVE) != 0) {
                        long n = LibC.recv(fds.fd(RECEIVE), receiveBuffer, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, context);
                        if (n > 0) {
                            int copied = (int) Math.min(n, Math.min(buffer.length, MAX_DATAGRAM));
                            MemorySegment.copy(receiveBuffer, ValueLayout.JAVA_BYTE, 0, buffer, 0, copied);
                            return copied;
                        }
                    }
                    if (timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) {
                        return TIMED_OUT;
                    }
                }
            }
        } finally {
            fds.exit();
        }
    }

    /** Closes both sockets; a thread blocked in {@link #receive} returns {@link #CLOSED}. Idempotent. */
    @Override
    public void close() {
        fds.close(() -> LibC.write(fds.fd(WAKE), wakeValue, "to wake VRRP receivers on " + interfaceName));
    }

    /** True until {@link #close}. */
    public boolean isOpen() {
        return fds.isOpen();
    }

    @Override
    public String toString() {
        return "VrrpSocket[" + interfaceName + " #" + interfaceIndex + (joined ? ", 224.0.0.18" : ", unicast") + "]";
    }

    private static Inet4Address group() {
        return address(VRRP_GROUP);
    }

    private static Inet4Address any() {
        return address(new byte[4]);
    }

    private static Inet4Address address(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static String dotted(byte[] b, int offset) {
        return (b[offset] & 0xff) + "." + (b[offset + 1] & 0xff) + "." + (b[offset + 2] & 0xff) + "." + (b[offset + 3] & 0xff);
    }
}
