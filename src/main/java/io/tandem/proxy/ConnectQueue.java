package io.tandem.proxy;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The clients of one virtual server that wait for a slot because every backend they could use is
 * at its {@code uthreshold} (haproxy's server queue): first come, first served. A slot is given out
 * when a connection ends ({@link #serve} from the closing client's loop) and every 100 ms while
 * anyone waits, which covers every other way capacity comes back (a backend up again, a weight
 * raised, a drain ended, a reload). The pick is made here, under this queue's lock, so the order
 * holds across event loops; the connect runs on the client's own loop. A waiter is settled exactly
 * once: served, or expired by its own timeout task ({@link Waiter#settle}); a pick that meets a
 * waiter settled meanwhile is given back to the pool.
 */
final class ConnectQueue {
    private static final long TICK_MILLIS = 100;

    private final BackendPool pool;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>(); // guarded by this
    private ScheduledFuture<?> ticker; // guarded by this
    private final AtomicInteger unsettled = new AtomicInteger();

    ConnectQueue(BackendPool pool) {
        this.pool = pool;
    }

    /** One client waiting; {@code resume} runs on its event loop with the backend picked for it. */
    final class Waiter {
        private final Channel client;
        private final String clientIp;
        private final List<Integer> tried;
        private final Consumer<Target> resume;
        private final AtomicBoolean settled = new AtomicBoolean();

        Waiter(Channel client, String clientIp, List<Integer> tried, Consumer<Target> resume) {
            this.client = client;
            this.clientIp = clientIp;
            this.tried = List.copyOf(tried);
            this.resume = resume;
        }

        /** Ends the wait; true for the one caller that does (served, or its time ran out). */
        boolean settle() {
            if (settled.compareAndSet(false, true)) {
                unsettled.decrementAndGet();
                return true;
            }
            return false;
        }
    }

    /** Queues {@code w} behind everyone already waiting. */
    synchronized void add(Waiter w) {
        unsettled.incrementAndGet();
        waiting.addLast(w);
        if (ticker == null) {
            ticker = w.client.eventLoop().scheduleAtFixedRate(this::serve, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Clients waiting now. */
    int waiting() {
        return unsettled.get();
    }

    /** Gives every slot that is free now to the clients that waited longest. */
    void serve() {
        List<Runnable> handOver = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            while (!waiting.isEmpty()) {
                Waiter w = waiting.peekFirst();
                if (w.settled.get() || !w.client.isActive()) {
                    waiting.pollFirst();
                    w.settle(); // a client that left while waiting: its timeout finds it settled
                    continue;
                }
                Optional<Target> t = pool.pick(w.clientIp, now, w.tried);
                if (t.isEmpty()) {
                    break;
                }
                waiting.pollFirst();
                if (w.settle()) {
                    Target target = t.get();
                    handOver.add(() -> {
                        try {
                            w.client.eventLoop().execute(() -> w.resume.accept(target));
                        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                            pool.connectFailed(target.backend()); // the proxy is closing: no connection after all
                        }
                    });
                } else {
                    pool.connectFailed(t.get().backend()); // its time ran out meanwhile: not a connection
                }
            }
            if (waiting.isEmpty() && ticker != null) {
                ticker.cancel(false);
                ticker = null;
            }
        }
        handOver.forEach(Runnable::run);
    }
}
