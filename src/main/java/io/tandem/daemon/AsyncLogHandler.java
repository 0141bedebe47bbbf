package io.tandem.daemon;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes log records on its own thread, so the control loop never waits for standard error: a
 * reader that stalls (a full pipe, a hung terminal, a slow journal) must not stop the adverts. The
 * queue is bounded; when it is full a record is dropped and counted, and the count is written as
 * a line of its own once the writer catches up. {@link #close()} drains what is queued (bounded
 * in time), so the last lines of a stopping daemon are not lost.
 */
final class AsyncLogHandler extends Handler {
    static final int DEFAULT_CAPACITY = 8192;
    private static final long DRAIN_MILLIS = 2000;

    private final BlockingQueue<LogRecord> queue;
    private final PrintStream out;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AsyncLogHandler(Formatter formatter, PrintStream out, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out;
        setFormatter(formatter);
        writer = Thread.ofPlatform().daemon().name("tandem-log").unstarted(this::drainForever);
        writer.start();
    }

    @Override
    public void publish(LogRecord r) {
        if (closed || !isLoggable(r)) {
            return;
        }
        if (!queue.offer(r)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped because the queue was full, since start. */
    long dropped() {
        return dropped.get();
    }

    private void drainForever() {
        long reported = 0;
        try {
            while (true) {
                LogRecord r = queue.take();
                reported = write(r, reported);
                LogRecord next;
                while ((next = queue.poll()) != null) {
                    reported = write(next, reported);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long write(LogRecord r, long reported) {
        long d = dropped.get();
        if (d > reported) {
            out.print(getFormatter().format(new LogRecord(java.util.logging.Level.WARNING,
                    (d - reported) + " log line(s) dropped: the log output is slower than the daemon")));
        }
        try {
            out.print(getFormatter().format(r));
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
        }
        return d;
    }

    /** Waits (at most 2 s) until everything queued so far is written. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (!queue.isEmpty() && System.nanoTime() < deadline && writer.isAlive()) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        flush();
        closed = true;
        writer.interrupt();
    }
}
