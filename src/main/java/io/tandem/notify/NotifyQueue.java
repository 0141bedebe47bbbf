package io.tandem.notify;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.script.ScriptOutcome;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs notify scripts off the control loop, one after the other in the order they were
 * submitted, each bounded by its timeout. {@link #submit} never blocks: when the queue is full
 * (scripts hang faster than they time out) the new command is dropped, counted and logged, so a
 * broken script can delay other notifications but never a failover.
 */
public final class NotifyQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotifyQueue.class.getName());
    public static final int DEFAULT_CAPACITY = 256;

    private final BlockingQueue<ScriptCommand> queue;
    private final ScriptExecutor executor;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** Wakes an idle worker on close; never run (compared by identity). */
    private static final ScriptCommand STOP = new ScriptCommand(List.of("-"), Duration.ZERO, Optional.empty(), "stop");

    public NotifyQueue(ScriptExecutor executor, int capacity) {
        this.executor = executor;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofPlatform().daemon().name("tandem-notify").start(this::work);
    }

    /** Queues a script; returns false (and counts it) when the queue is full or closed. */
    public boolean submit(ScriptCommand command) {
        if (closed || !queue.offer(command)) {
            long n = dropped.incrementAndGet();
            LOG.log(Level.WARNING, "notify queue full or closed: dropped {0} ({1} dropped so far)", command.purpose(), n);
            return false;
        }
        return true;
    }

    public long dropped() {
        return dropped.get();
    }

    public int pending() {
        return queue.size();
    }

    /**
     * Blocks until a script is queued: an idle daemon's worker does not wake up (it used to poll
     * every 100 ms, about a quarter of an idle daemon's CPU).
     */
    private void work() {
        while (!closed || !queue.isEmpty()) {
            ScriptCommand c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (c == STOP) {
                continue;
            }
            try {
                ScriptOutcome o = executor.run(c);
                switch (o) {
                    case ScriptOutcome.Exited e when e.code() == 0 ->
                            LOG.log(Level.DEBUG, "{0}: {1} exited 0 after {2} ms", c.purpose(), c.argv().getFirst(), e.elapsed().toMillis());
                    case ScriptOutcome.Exited e -> LOG.log(Level.WARNING, "{0}: {1} exited {2} after {3} ms",
                            c.purpose(), c.argv().getFirst(), e.code(), e.elapsed().toMillis());
                    case ScriptOutcome.TimedOut t -> LOG.log(Level.WARNING, "{0}: {1} timed out after {2} ms and was killed",
                            c.purpose(), c.argv().getFirst(), t.elapsed().toMillis());
                    case ScriptOutcome.NotStarted n -> LOG.log(Level.WARNING, "{0}: {1} could not start: {2}",
                            c.purpose(), c.argv().getFirst(), n.reason());
                }
            } catch (RuntimeException e) {
                // one broken script must not stop the notifications after it
                LOG.log(Level.ERROR, c.purpose() + ": unexpected failure running " + c.argv().getFirst(), e);
            }
        }
    }

    /** Lets queued scripts finish (each bounded by its timeout), then stops the worker. */
    @Override
    public void close() {
        closed = true;
        // wakes a worker blocked on an empty queue; when the queue is full the worker is busy and
        // sees 'closed' once it has drained it
        queue.offer(STOP);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
