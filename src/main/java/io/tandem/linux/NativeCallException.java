package io.tandem.linux;

/**
 * A native call failed. The message names the call, what it was for, the errno with its symbolic
 * name and meaning, and a hint for the causes an operator can fix, for example:
 * {@code setsockopt(IP_ADD_MEMBERSHIP) on eth7 failed: ENODEV (No such device): interface missing}.
 *
 * <p>Netlink errors carry the errno the kernel put into its {@code NLMSG_ERROR} reply, plus the
 * kernel's extended-ack text when it gave one.
 */
public final class NativeCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    NativeCallException(String call, String context, int errno) {
        this(call, context, errno, null);
    }

    NativeCallException(String call, String context, int errno, String kernelMessage) {
        super(message(call, context, errno, kernelMessage));
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, e.g. {@code bind}, {@code setsockopt(SO_BINDTODEVICE)}, {@code RTM_NEWADDR}. */
    public String call() {
        return call;
    }

    /** The errno value, e.g. 19. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code ENODEV}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    private static String message(String call, String context, int errno, String kernelMessage) {
        StringBuilder b = new StringBuilder(call);
        if (context != null && !context.isEmpty()) {
            b.append(' ').append(context);
        }
        b.append(" failed: ").append(Errno.name(errno)).append(" (").append(Errno.description(errno)).append(')');
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            b.append(": kernel says \"").append(kernelMessage).append('"');
        }
        String hint = Errno.hint(errno);
        if (hint != null) {
            b.append(": ").append(hint);
        }
        return b.toString();
    }
}
