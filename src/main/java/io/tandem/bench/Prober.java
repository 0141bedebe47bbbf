package io.tandem.bench;

import io.tandem.linux.NetNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The client of the benchmark: a platform thread inside the client host's namespace that opens a
 * TCP connection to {@code VIP:port} every {@code period} (5 ms) and reads the one line the
 * {@link Responder} that answered sends: its host's name. Connections are non-blocking and
 * independent: a new one starts every period whatever the earlier ones are doing (a SYN sent to the
 * old owner's MAC address never blocks the next probe), and each is given up after {@code timeout}.
 * So the first answer after a failover is seen within one period of the client's ARP entry moving.
 *
 * <p>Every attempt is recorded with {@link System#nanoTime()} at its start and end. Probing runs
 * only while {@link #active(boolean) active}; the benchmark pauses the prober of the pair it is not
 * measuring so the two pairs do not load the machine at the same time.
 */
final class Prober implements AutoCloseable {
    /** One probe: {@code host} is the name that answered, or null with the failure in {@code failure}. */
    record Attempt(long startNanos, long endNanos, String host, String failure) {
        boolean ok() {
            return host != null;
        }
    }

    private static final int MAX_LINE = 64;

    private final NetNamespace ns;
    private final InetSocketAddress target;
    private final long periodNanos;
    private final long timeoutNanos;
    private final List<Attempt> attempts = new ArrayList<>(); // guarded by this
    private final Thread thread;
    private volatile boolean active;
    private volatile boolean stopped;
    private volatile Throwable crashed;

    private Prober(NetNamespace ns, InetSocketAddress target, Duration period, Duration timeout) {
        this.ns = ns;
        this.target = target;
        this.periodNanos = period.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.thread = ns.startThread("prober-" + ns.name(), this::run);
    }

    /** Starts a paused prober in {@code namespace} aiming at {@code target}. */
    static Prober start(String namespace, InetSocketAddress target, Duration period, Duration timeout) {
        NetNamespace ns = NetNamespace.enter(namespace);
        try {
            return new Prober(ns, target, period, timeout);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /** Starts or pauses probing. */
    void active(boolean on) {
        active = on;
    }

    /** Forgets attempts that ended before {@code nanos} (keeps memory bounded between repetitions). */
    synchronized void discardBefore(long nanos) {
        attempts.removeIf(a -> a.endNanos() - nanos < 0);
    }

    /** The attempts that ended at or after {@code nanos}, in the order they ended. */
    synchronized List<Attempt> since(long nanos) {
        return attempts.stream().filter(a -> a.endNanos() - nanos >= 0).toList();
    }

    /**
     * Waits until an answer from {@code host} that ended after {@code afterNanos} is recorded.
     *
     * @return that attempt, or null when {@code timeout} passed first
     */
    synchronized Attempt awaitAnswerFrom(String host, long afterNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (int i = checked; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                if (a.ok() && a.host().equals(host) && a.endNanos() - afterNanos > 0) {
                    return a;
                }
            }
            checked = attempts.size();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            failIfCrashed();
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * True when during the last {@code window} every attempt that ended succeeded with an answer
     * from {@code host}, and at least half of the expected number of attempts did.
     */
    synchronized boolean steady(String host, Duration window) {
        failIfCrashed();
        long from = System.nanoTime() - window.toNanos();
        int answers = 0;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt a = attempts.get(i);
            if (a.endNanos() - from < 0) {
                break;
            }
            if (!a.ok() || !a.host().equals(host)) {
                return false;
            }
            answers++;
        }
        return answers >= window.toNanos() / periodNanos / 2;
    }

    private void failIfCrashed() {
        if (crashed != null) {
            throw new IllegalStateException("prober in " + ns.name() + " stopped", crashed);
        }
    }

    private synchronized void record(Attempt a) {
        attempts.add(a);
        notifyAll();
    }

    /** One connection in flight. */
    private static final class Pending {
        final SocketChannel channel;
        final long start;
        final long deadline;
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);

        Pending(SocketChannel channel, long start, long deadline) {
            this.channel = channel;
            this.start = start;
            this.deadline = deadline;
        }
    }

    private void run() {
        List<Pending> pending = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long next = System.nanoTime();
            while (!stopped) {
                long now = System.nanoTime();
                if (!active) {
                    next = now;
                } else if (now - next >= 0) {
                    launch(selector, pending, now);
                    next += periodNanos;
                    if (now - next > periodNanos) {
                        next = now + periodNanos; // after a stall: no burst of catch-up probes
                    }
                }
                long wakeAt = active ? next : now + 10_000_000L;
                for (Pending p : pending) {
                    wakeAt = p.deadline - wakeAt < 0 ? p.deadline : wakeAt;
                }
                long waitMs = Math.max(1, (wakeAt - now + 999_999) / 1_000_000);
                selector.select(waitMs);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key, pending);
                }
                now = System.nanoTime();
                for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    if (now - p.deadline >= 0) {
                        it.remove();
                        closeQuietly(p.channel);
                        record(new Attempt(p.start, now, null, "timeout"));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            crashed = e;
        } finally {
            pending.forEach(p -> closeQuietly(p.channel));
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void launch(Selector selector, List<Pending> pending, long now) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            Pending p = new Pending(ch, now, now + timeoutNanos);
            if (ch.connect(target)) {
                ch.register(selector, SelectionKey.OP_READ, p);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, p);
            }
            pending.add(p);
        } catch (IOException e) {
            closeQuietly(ch);
            record(new Attempt(now, System.nanoTime(), null, failure(e)));
        }
    }

    private void handle(SelectionKey key, List<Pending> pending) {
        Pending p = (Pending) key.attachment();
        try {
            if (key.isConnectable()) {
                p.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (key.isReadable()) {
                int n = p.channel.read(p.buffer);
                String text = new String(p.buffer.array(), 0, p.buffer.position(), StandardCharsets.US_ASCII);
                int nl = text.indexOf('\n');
                if (nl >= 0) {
                    finish(key, p, pending, new Attempt(p.start, System.nanoTime(), text.substring(0, nl), null));
                } else if (n < 0 || !p.buffer.hasRemaining()) {
                    finish(key, p, pending, new Attempt(p.start, System.nanoTime(), null, "no line"));
                }
            }
        } catch (IOException e) {
            finish(key, p, pending, new Attempt(p.start, System.nanoTime(), null, failure(e)));
        }
    }

    private void finish(SelectionKey key, Pending p, List<Pending> pending, Attempt a) {
        key.cancel();
        closeQuietly(p.channel);
        pending.remove(p);
        record(a);
    }

    private static String failure(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do about a failed close of a probe connection
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        active = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ns.close();
        }
    }
}
