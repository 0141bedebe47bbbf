package io.tandem.linux;

import java.util.Arrays;

/**
 * File descriptors used by several threads at once (a reader blocked in poll, a sender, a closer)
 * and closed exactly once, only when no thread is inside a call on them. Closing a descriptor
 * under a thread that is about to use it would let the number be reused by an unrelated open:
 * the thread would then read someone else's socket. So {@link #close} only marks the set closing
 * and wakes the users; the last {@link #exit} closes for real.
 */
final class SharedFds {
    private final int[] fds;
    private final Runnable afterClose;
    private int users;
    private boolean closing;

    /** @param afterClose runs once after the descriptors are closed, e.g. to free native memory */
    SharedFds(Runnable afterClose, int... fds) {
        this.fds = fds.clone();
        this.afterClose = afterClose;
    }

    /** Enters a call; false when closing began (then do not call {@link #exit}). */
    synchronized boolean enter() {
        if (closing) {
            return false;
        }
        users++;
        return true;
    }

    /** Leaves a call; the last user after {@link #close} closes the descriptors. */
    void exit() {
        boolean last;
        synchronized (this) {
            users--;
            last = closing && users == 0;
        }
        if (last) {
            release();
        }
    }

    /**
     * Starts closing; idempotent. Closes at once when no call is inside; otherwise runs {@code
     * wakeUsers} while the descriptors are still guaranteed open (it must not block, e.g. a write
     * to an eventfd the users poll) and leaves the close to the last {@link #exit}.
     *
     * @return true the first time
     */
    boolean close(Runnable wakeUsers) {
        boolean now;
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
            now = users == 0;
            if (!now) {
                wakeUsers.run();
            }
        }
        if (now) {
            release();
        }
        return true;
    }

    /** True until {@link #close} begins. */
    synchronized boolean isOpen() {
        return !closing;
    }

    /** Descriptor {@code i} as given to the constructor; only valid between {@link #enter} and {@link #exit}. */
    int fd(int i) {
        return fds[i];
    }

    private void release() {
        Arrays.stream(fds).filter(fd -> fd >= 0).forEach(LibC::close);
        afterClose.run();
    }
}
