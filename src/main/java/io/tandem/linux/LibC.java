package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The glibc functions the {@code linux} package calls, bound with the FFM API. Every call that can
 * fail captures errno ({@link Linker.Option#captureCallState}) and turns -1 into a
 * {@link NativeCallException} that names the call and what it was for ({@code context}).
 *
 * <p>Calls that act on "the network namespace" act on the calling thread's namespace: {@code
 * socket}, {@code if_nametoindex}. Everything done through a socket afterwards acts on the namespace
 * the socket was created in, from whatever thread. Blocking calls ({@link #poll}) pin a virtual
 * thread's carrier: call them from platform threads.
 *
 * <p>Constants are those of Linux on x86_64 and aarch64 (the generic ABI); Tandem runs on nothing else.
 */
final class LibC {
    // socket(2) domains, types, protocols
    static final int AF_INET = 2;
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    // setsockopt(2) levels and options
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_ATTACH_FILTER = 26;
    static final int IPPROTO_IP = 0;
    static final int IP_HDRINCL = 3;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int IP_MULTICAST_ALL = 49;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_EXT_ACK = 11;

    // send/recv flags
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    // poll(2)
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    // open(2), setns(2), eventfd(2)
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    // ioctl(2) on sockets, linux/sockios.h
    static final long SIOCGIFHWADDR = 0x8927;

    /** {@code IFNAMSIZ}: interface names are at most 15 bytes plus NUL. */
    static final int IFNAMSIZ = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = errnoFunction("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = errnoFunction("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle SETSOCKOPT = errnoFunction("setsockopt", FunctionDescriptor.of(I, I, I, I, P, I));
    private static final MethodHandle SENDTO = errnoFunction("sendto", FunctionDescriptor.of(L, I, P, L, I, P, I));
    private static final MethodHandle RECVFROM = errnoFunction("recvfrom", FunctionDescriptor.of(L, I, P, L, I, P, P));
    private static final MethodHandle POLL = errnoFunction("poll", FunctionDescriptor.of(I, P, L, I));
    private static final MethodHandle CLOSE = errnoFunction("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle IF_NAMETOINDEX = errnoFunction("if_nametoindex", FunctionDescriptor.of(I, P));
    private static final MethodHandle SETNS = errnoFunction("setns", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle OPEN = errnoFunction("open", FunctionDescriptor.of(I, P, I, I), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = errnoFunction("ioctl", FunctionDescriptor.of(I, I, L, P), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle EVENTFD = errnoFunction("eventfd", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle WRITE = errnoFunction("write", FunctionDescriptor.of(L, I, P, L));

    private LibC() {}

    /** {@code socket(domain, type, protocol)}: a new file descriptor. */
    static int socket(int domain, int type, int protocol, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
            return check(fd, state, "socket", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code bind(fd, address, address.byteSize())}. */
    static void bind(int fd, MemorySegment address, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) BIND.invokeExact(state, fd, address, (int) address.byteSize());
            check(rc, state, "bind", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setsockopt(fd, level, option, value, value.byteSize())}; {@code optionName} goes into the error. */
    static void setsockopt(int fd, int level, int option, MemorySegment value, String optionName, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, (int) value.byteSize());
            check(rc, state, "setsockopt(" + optionName + ")", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@link #setsockopt} with an {@code int} value. */
    static void setsockopt(int fd, int level, int option, int value, String optionName, String context) {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(ValueLayout.JAVA_INT, value), optionName, context);
        }
    }

    /**
     * {@code sendto(fd, buffer, length, 0, destination, destination.byteSize())}, retried on EINTR.
     * {@code destination} may be {@link MemorySegment#NULL} for a connected or netlink socket.
     *
     * @return the number of bytes sent
     */
    static long sendto(int fd, MemorySegment buffer, long length, MemorySegment destination, String context) {
        int addressLength = destination.equals(MemorySegment.NULL) ? 0 : (int) destination.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) SENDTO.invokeExact(state, fd, buffer, length, 0, destination, addressLength);
                if (n >= 0) {
                    return n;
                }
                int errno = errno(state);
                if (errno != Errno.EINTR) {
                    throw new NativeCallException("sendto", context, errno);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code recvfrom(fd, buffer, buffer.byteSize(), flags, NULL, NULL)}, retried on EINTR.
     *
     * @return the number of bytes (with {@link #MSG_TRUNC}: the real length, which may exceed the
     *         buffer), or -1 when nothing is waiting (EAGAIN under {@link #MSG_DONTWAIT})
     */
    static long recv(int fd, MemorySegment buffer, int flags, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), flags,
                        MemorySegment.NULL, MemorySegment.NULL);
                if (n >= 0) {
                    return n;
                }
                int errno = errno(state);
                if (errno == Errno.EAGAIN) {
                    return -1;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeCallException("recvfrom", context, errno);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code poll(fds, count, timeoutMillis)} over {@code count} {@code struct pollfd} in {@code fds}.
     *
     * @return the number of descriptors with events; 0 on timeout or when a signal interrupted the
     *         wait (EINTR): callers loop on their own deadline
     */
    static int poll(MemorySegment fds, int count, int timeoutMillis, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int n = (int) POLL.invokeExact(state, fds, (long) count, timeoutMillis);
            if (n < 0 && errno(state) == Errno.EINTR) {
                return 0;
            }
            return check(n, state, "poll", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code close(fd)}. Linux releases the descriptor even when close reports an error, so an
     * error is returned as errno (0 for success) for the caller to log, never retried.
     */
    static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) CLOSE.invokeExact(state, fd);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code if_nametoindex(name)} in the calling thread's namespace; ENODEV when there is no such interface. */
    static int ifNameToIndex(String name) {
        checkInterfaceName(name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int index = (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            if (index == 0) {
                throw new NativeCallException("if_nametoindex", "for " + name, errno(state));
            }
            return index;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(path, flags)}: a new file descriptor. */
    static int open(String path, int flags, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            return check(fd, state, "open", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setns(fd, nstype)}: moves the calling thread into the namespace {@code fd} refers to. */
    static void setns(int fd, int nstype, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETNS.invokeExact(state, fd, nstype);
            check(rc, state, "setns", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, argument)}; {@code requestName} goes into the error. */
    static void ioctl(int fd, long request, MemorySegment argument, String requestName, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) IOCTL.invokeExact(state, fd, request, argument);
            check(rc, state, "ioctl(" + requestName + ")", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code eventfd(initial, flags)}: a new file descriptor. */
    static int eventfd(int initial, int flags, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) EVENTFD.invokeExact(state, initial, flags);
            return check(fd, state, "eventfd", context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code write(fd, buffer, buffer.byteSize())}, retried on EINTR; EAGAIN (a full eventfd) counts as written. */
    static void write(int fd, MemorySegment buffer, String context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) WRITE.invokeExact(state, fd, buffer, buffer.byteSize());
                if (n >= 0) {
                    return;
                }
                int errno = errno(state);
                if (errno == Errno.EAGAIN) {
                    return;
                }
                if (errno != Errno.EINTR) {
                    throw new NativeCallException("write", context, errno);
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Rejects what the kernel's {@code dev_valid_name} rejects, so that a bad name is a clear
     * argument error instead of a truncated lookup: empty, {@code .}, {@code ..}, longer than 15
     * bytes, or holding NUL, {@code /}, {@code :} or whitespace.
     */
    static void checkInterfaceName(String name) {
        boolean valid = name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < IFNAMSIZ
                && name.chars().noneMatch(c -> c == 0 || c == '/' || c == ':' || Character.isWhitespace(c));
        if (!valid) {
            throw new IllegalArgumentException("not an interface name (1 to 15 bytes, no NUL, '/', ':' or blanks): \""
                    + name + "\"");
        }
    }

    private static int check(int rc, MemorySegment state, String call, String context) {
        if (rc == -1) {
            throw new NativeCallException(call, context, errno(state));
        }
        return rc;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("native call threw a checked exception", t);
    }

    private static MethodHandle errnoFunction(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }
}
