package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows a set of interface names through rtnetlink notifications, as keepalived does: a netlink
 * socket bound to the {@code RTMGRP_LINK} group receives {@code RTM_NEWLINK} and {@code
 * RTM_DELLINK} the moment the kernel changes a link, so {@code track_interface} reacts within the
 * time it takes to wake a thread instead of up to a polling interval later.
 *
 * <p>The socket's queue is bounded: when the kernel has more notifications than fit (an interface
 * flapping, hundreds of VLANs created at once) it drops them and the next receive fails with
 * ENOBUFS. Then the queue is drained and every watched name is read again with {@code
 * RTM_GETLINK} ({@link #reread}), so no change stays unseen; {@link #overruns()} counts these.
 *
 * <p>Use from one thread ({@link #reread}, {@link #next}); {@link #close} from any thread wakes a
 * thread blocked in {@link #next}. The sockets live in the network namespace of the thread that
 * called {@link #open}.
 */
public final class LinkSubscription implements AutoCloseable {
    /** {@code RTMGRP_LINK}, linux/rtnetlink.h. */
    static final int RTMGRP_LINK = 1;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_DRAIN = 100_000;
    private static final int SOCKET = 0;
    private static final int WAKE = 1;

    /** What {@link #next} returned. */
    public enum Kind {
        /** States the kernel reported for watched names (the names that changed, possibly not in their "up"). */
        EVENTS,
        /** Notifications were lost (ENOBUFS): the states of all watched names, read again. */
        OVERRUN,
        /** Nothing for a watched name within the timeout. */
        TIMED_OUT,
        /** The subscription was closed. */
        CLOSED
    }

    /**
     * One result of {@link #next}.
     *
     * @param kind   why it returned
     * @param states in the order the kernel reported them (a name may appear twice, the last counts); empty
     *               for {@link Kind#TIMED_OUT} and {@link Kind#CLOSED}
     */
    public record Update(Kind kind, List<LinkState> states) {
        public Update {
            Objects.requireNonNull(kind, "kind");
            states = List.copyOf(states);
        }
    }

    private final LinkTable table;
    private final Rtnetlink reader;
    private final SharedFds fds;
    private final MemorySegment buffer;
    private final MemorySegment pollFds;
    private final MemorySegment wakeValue;
    private volatile long overruns;

    private LinkSubscription(Set<String> names, int socket, int wake, Arena arena, Rtnetlink reader) {
        this.table = new LinkTable(names);
        this.reader = reader;
        this.fds = new SharedFds(() -> {
            reader.close();
            arena.close();
        }, socket, wake);
        this.buffer = arena.allocate(BUFFER_SIZE, 8);
        this.pollFds = KernelStructs.pollIn(arena, socket, wake);
        this.wakeValue = arena.allocateFrom(ValueLayout.JAVA_LONG, 1L);
    }

    /**
     * Subscribes to link notifications for {@code names} in the calling thread's network namespace.
     * Call {@link #reread} next for the current states: notifications cover what changes after this.
     *
     * @throws NativeCallException when a socket cannot be created or bound
     * @throws IllegalArgumentException for a name that cannot be an interface name
     */
    public static LinkSubscription open(Collection<String> names) {
        return open(names, 0);
    }

    /** {@link #open(Collection)} with {@code SO_RCVBUF} set to {@code receiveBufferBytes} (0: the system default). */
    static LinkSubscription open(Collection<String> names, int receiveBufferBytes) {
        names.forEach(LibC::checkInterfaceName);
        Arena arena = Arena.ofShared();
        int socket = -1;
        int wake = -1;
        Rtnetlink reader = null;
        try {
            socket = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE,
                    "for link notifications");
            if (receiveBufferBytes > 0) {
                LibC.setsockopt(socket, LibC.SOL_SOCKET, LibC.SO_RCVBUF, receiveBufferBytes, "SO_RCVBUF",
                        "of the link notification socket");
            }
            LibC.bind(socket, KernelStructs.sockaddrNl(arena, RTMGRP_LINK), "of the link notification socket to RTMGRP_LINK");
            wake = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK, "to wake the link notification reader");
            reader = Rtnetlink.open();
            return new LinkSubscription(Set.copyOf(names), socket, wake, arena, reader);
        } catch (RuntimeException e) {
            for (int fd : new int[] {socket, wake}) {
                if (fd >= 0) {
                    LibC.close(fd);
                }
            }
            if (reader != null) {
                reader.close();
            }
            arena.close();
            throw e;
        }
    }

    /** The watched names. */
    public Set<String> names() {
        return table.names();
    }

    /**
     * Reads every watched name now ({@code RTM_GETLINK}), sorted by name: the state to start from,
     * and a safety re-poll. A name the kernel does not know, or cannot answer for, is absent.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public List<LinkState> reread() {
        return table.reread(name -> {
            try {
                return reader.link(name);
            } catch (NativeCallException e) {
                return null;
            }
        });
    }

    /**
     * Waits at most {@code timeout} for notifications about watched names.
     *
     * @throws NativeCallException when receiving fails other than by lost notifications
     */
    public Update next(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        if (!fds.enter()) {
            return new Update(Kind.CLOSED, List.of());
        }
        try {
            long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
            while (true) {
                long left = Math.max(0, deadline - System.nanoTime());
                LibC.poll(pollFds, 2, (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000), "for link notifications");
                if (KernelStructs.revents(pollFds, WAKE) != 0) {
                    return new Update(Kind.CLOSED, List.of());
                }
                if (KernelStructs.revents(pollFds, SOCKET) != 0) {
                    List<LinkState> states = receive();
                    if (states == null) {
                        return recover();
                    }
                    if (!states.isEmpty()) {
                        return new Update(Kind.EVENTS, states);
                    }
                }
                if (deadline - System.nanoTime() <= 0) {
                    return new Update(Kind.TIMED_OUT, List.of());
                }
            }
        } finally {
            fds.exit();
        }
    }

    /** How many times notifications were lost and every name read again. */
    public long overruns() {
        return overruns;
    }

    /** Closes the sockets; a thread in {@link #next} returns {@link Kind#CLOSED}. Idempotent. */
    @Override
    public void close() {
        fds.close(() -> LibC.write(fds.fd(WAKE), wakeValue, "to wake the link notification reader"));
    }

    @Override
    public String toString() {
        return "LinkSubscription" + table.names().stream().sorted().toList() + (fds.isOpen() ? "" : " closed");
    }

    /** One datagram's states (empty when none, or nothing was queued); null when notifications were lost. */
    private List<LinkState> receive() {
        long n;
        try {
            n = LibC.recv(fds.fd(SOCKET), buffer, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, "of link notifications");
        } catch (NativeCallException e) {
            if (e.errno() == Errno.ENOBUFS) {
                return null;
            }
            throw e;
        }
        if (n < 0) {
            return List.of();
        }
        if (n > BUFFER_SIZE) {
            return null; // cut: the messages past the buffer are lost
        }
        return table.apply(buffer.asSlice(0, n).asByteBuffer().order(ByteOrder.nativeOrder()));
    }

    /**
     * Throws away what is queued (older than what a read now returns, and it would otherwise be
     * applied after it) and reads every name again.
     */
    private Update recover() {
        overruns++;
        for (int i = 0; i < MAX_DRAIN; i++) {
            try {
                if (LibC.recv(fds.fd(SOCKET), buffer, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, "of link notifications") < 0) {
                    break;
                }
            } catch (NativeCallException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
            }
        }
        return new Update(Kind.OVERRUN, reread());
    }
}
