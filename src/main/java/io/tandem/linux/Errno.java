package io.tandem.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * errno values the {@code linux} package reacts to, and their names, meanings and operator hints.
 * Names and meanings come from glibc ({@code strerrorname_np}, {@code strerrordesc_np}: glibc 2.32+,
 * thread-safe, static strings), so every errno the kernel can return is named.
 */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETDOWN = 100;
    static final int ENETUNREACH = 101;
    static final int ENOBUFS = 105;

    private static final MethodHandle NAME = lookup("strerrorname_np");
    private static final MethodHandle DESCRIPTION = lookup("strerrordesc_np");

    private Errno() {}

    /** {@code ENODEV} for 19; {@code errno 4711} for a number glibc does not know. */
    static String name(int errno) {
        return string(NAME, errno).orElse("errno " + errno);
    }

    /** {@code No such device} for 19. */
    static String description(int errno) {
        return string(DESCRIPTION, errno).orElse("unknown error");
    }

    /** What an operator most likely has to fix, or null when errno alone does not say. */
    static String hint(int errno) {
        return switch (errno) {
            case EPERM, EACCES -> "needs root or CAP_NET_RAW/CAP_NET_ADMIN";
            case ENODEV -> "interface missing";
            case EADDRINUSE, EEXIST -> "address in use";
            case EADDRNOTAVAIL -> "address not configured there";
            case ENETDOWN -> "interface down";
            case ENETUNREACH -> "no route: interface down or without an address in that network";
            case EMSGSIZE -> "larger than the interface MTU";
            default -> null;
        };
    }

    private static Optional<String> string(MethodHandle function, int errno) {
        if (function == null) {
            return Optional.empty();
        }
        try {
            MemorySegment s = (MemorySegment) function.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(s.reinterpret(256).getString(0));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    private static MethodHandle lookup(String name) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name)
                .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
                .orElse(null);
    }
}
