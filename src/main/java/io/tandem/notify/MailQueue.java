package io.tandem.notify;

import jakarta.mail.MessagingException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends mails off the control loop: {@link #submit} only offers to a bounded queue and returns at
 * once; one daemon thread delivers them in order, each with a bounded number of attempts and a
 * growing pause between them. When the queue is full (the mail server is slow or gone) new mails
 * are dropped, counted and logged, so an unreachable mail server costs mails, never a failover.
 * Neither the password nor a mail's content is ever logged, only subjects.
 */
public final class MailQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MailQueue.class.getName());
    public static final int DEFAULT_CAPACITY = 64;
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);

    private final SmtpTransport transport;
    private final String server;
    private final BlockingQueue<Mail> queue;
    private final int attempts;
    private final Duration backoff;
    private final Thread worker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** Mails accepted and not yet finished (queued or being delivered). */
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param attempts tries per mail (at least 1)
     * @param backoff  the pause after the first failed try; it doubles after each further one
     */
    public MailQueue(MailSettings settings, int capacity, int attempts, Duration backoff) {
        if (attempts < 1 || capacity < 1) {
            throw new IllegalArgumentException("capacity and attempts must be at least 1");
        }
        this.transport = new SmtpTransport(settings);
        this.server = settings.server();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.attempts = attempts;
        this.backoff = backoff;
        this.worker = Thread.ofPlatform().daemon().name("tandem-mail").start(this::work);
    }

    public MailQueue(MailSettings settings) {
        this(settings, DEFAULT_CAPACITY, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /** Queues {@code mail}; never blocks. Returns false (and counts it) when the queue is full or closed. */
    public boolean submit(Mail mail) {
        outstanding.incrementAndGet();
        if (closed || !queue.offer(mail)) {
            outstanding.decrementAndGet();
            long n = dropped.incrementAndGet();
            LOG.log(Level.WARNING, "mail queue full or closed: dropped \"{0}\" ({1} dropped so far)", mail.subject(), String.valueOf(n));
            return false;
        }
        return true;
    }

    /** Mails delivered. */
    public long sent() {
        return sent.get();
    }

    /** Mails given up after their last attempt. */
    public long failed() {
        return failed.get();
    }

    /** Mails refused by {@link #submit}. */
    public long dropped() {
        return dropped.get();
    }

    /** Mails waiting, not counting one being delivered. */
    public int pending() {
        return queue.size();
    }

    /** True while nothing is queued or being delivered. */
    public boolean idle() {
        return outstanding.get() == 0;
    }

    private void work() {
        while (!closed || !queue.isEmpty()) {
            Mail m;
            try {
                m = queue.take();   // idle: no wake-ups; close() interrupts
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (m == null) {
                continue;
            }
            try {
                deliver(m);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // one broken mail must not stop the ones after it
                failed.incrementAndGet();
                LOG.log(Level.ERROR, "mail \"" + m.subject() + "\": unexpected failure", e);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    private void deliver(Mail m) throws InterruptedException {
        Duration pause = backoff;
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                transport.deliver(m);
                sent.incrementAndGet();
                LOG.log(Level.INFO, "SMTP alert \"{0}\" sent to {1} in {2} ms", m.subject(), server,
                        String.valueOf((System.nanoTime() - start) / 1_000_000));
                return;
            } catch (MessagingException e) {
                boolean last = attempt >= attempts || SmtpTransport.permanent(e) || closed;
                LOG.log(Level.WARNING, "SMTP alert \"{0}\" to {1}: attempt {2} of {3} failed after {4} ms: {5}{6}",
                        m.subject(), server, String.valueOf(attempt), String.valueOf(attempts),
                        String.valueOf((System.nanoTime() - start) / 1_000_000), reason(e),
                        last ? "; giving up" : "; retrying in " + pause.toMillis() + " ms");
                if (last) {
                    failed.incrementAndGet();
                    return;
                }
                Thread.sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    /** The exception chain's messages on one line (server replies, timeouts; never credentials, which they do not hold). */
    static String reason(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
            if (!b.isEmpty()) {
                b.append(" <- ");
            }
            String msg = t.getMessage();
            b.append(t.getClass().getSimpleName());
            if (msg != null && !msg.isBlank()) {
                b.append(": ").append(msg.strip().replaceAll("\\s+", " "));
            }
        }
        return b.toString();
    }

    /**
     * Gives queued mails up to {@code grace} to go out, then stops the worker; mails still queued
     * are counted as dropped. Never waits longer than {@code grace} (plus one poll).
     */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!idle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        int left = queue.size();
        queue.clear();
        if (left > 0) {
            outstanding.addAndGet(-left);
            dropped.addAndGet(left);
            LOG.log(Level.WARNING, "mail queue closed with {0} mail(s) not sent", left);
        }
        worker.interrupt();
        try {
            worker.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} with a grace of 2 s: stopping the daemon waits little for mail. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
