package io.tandem.daemon;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns all VRRP and tracking state (DESIGN.md §3). Other threads only
 * {@link #post} work to it; timers are scheduled from the loop itself. Time is
 * {@link System#nanoTime()}: monotonic, immune to wall-clock jumps.
 *
 * <p>The loop measures its own lateness: how long after its deadline a timer actually ran. A GC
 * pause, a starved CPU or a suspended VM shows up here; a pause longer than the master-down
 * interval would cause a false failover, so {@link Lateness} logs every late run above a
 * threshold and keeps the worst seen.
 */
public final class ControlLoop {
    private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Lateness lateness;
    private long sequence;
    private volatile boolean stopping;
    private volatile Thread thread;
    private final LatenessHistogram latenessHistogram = new LatenessHistogram();
    /** Run after the loop's work when it is about to wait, or at least every {@link #PUBLISH_EVERY_NANOS}. */
    private Runnable publisher = () -> { };
    private long lastPublish;
    static final long PUBLISH_EVERY_NANOS = 100_000_000L;

    /** @param lateThreshold timers running later than this are logged as loop pauses */
    public ControlLoop(Duration lateThreshold) {
        this.lateness = new Lateness(lateThreshold.toNanos());
    }

    /** A scheduled task; cancel it from the loop thread. */
    public static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long order;
        final Runnable task;
        final String what;
        boolean cancelled;

        Timer(long deadline, long order, Runnable task, String what) {
            this.deadline = deadline;
            this.order = order;
            this.task = task;
            this.what = what;
        }

        public void cancel() {
            cancelled = true;
        }

        public long deadline() {
            return deadline;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Hands work to the loop; safe from any thread; never blocks. */
    public void post(Runnable work) {
        inbox.add(work);
    }

    /** Runs {@code task} on the loop at {@code deadlineNanos} (System.nanoTime() scale). Loop thread only. */
    public Timer at(long deadlineNanos, String what, Runnable task) {
        assertOnLoop();
        Timer t = new Timer(deadlineNanos, sequence++, task, what);
        timers.add(t);
        return t;
    }

    public long now() {
        return System.nanoTime();
    }

    public boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    private void assertOnLoop() {
        if (thread != null && Thread.currentThread() != thread) {
            throw new IllegalStateException("control-loop state touched from " + Thread.currentThread().getName());
        }
    }

    /** Asks the loop to return from {@link #run()} after the work already posted. */
    public void stop() {
        stopping = true;
        inbox.add(() -> { });
    }

    /** Runs the loop on the calling thread until {@link #stop()}. A task that throws is logged; the loop goes on. */
    public void run() {
        thread = Thread.currentThread();
        while (!stopping) {
            Runnable work;
            try {
                Timer next = peekLive();
                if (next == null) {
                    work = inbox.take();
                } else {
                    long wait = next.deadline - System.nanoTime();
                    work = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (work != null) {
                safely(work, "posted work");
            }
            runDueTimers();
            long now = System.nanoTime();
            if (inbox.isEmpty() || now - lastPublish >= PUBLISH_EVERY_NANOS) {
                lastPublish = now;
                safely(publisher, "publishing the status snapshot");
            }
        }
    }

    /**
     * Sets what the loop runs after its work whenever it is about to wait (and at least every
     * 100 ms under a flood): publishing an immutable snapshot of its state for readers on other
     * threads. It must be quick and must not block. Call before {@link #run()}.
     */
    public void publishWith(Runnable publisher) {
        this.publisher = publisher;
    }

    /** The lateness of every timer run so far, for the metrics. */
    LatenessHistogram latenessHistogram() {
        return latenessHistogram;
    }

    private Timer peekLive() {
        Timer t = timers.peek();
        while (t != null && t.cancelled) {
            timers.poll();
            t = timers.peek();
        }
        return t;
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = peekLive()) != null && t.deadline <= now) {
            timers.poll();
            lateness.observe(now - t.deadline, t.what);
            latenessHistogram.observe(now - t.deadline);
            safely(t.task, t.what);
            now = System.nanoTime();
        }
    }

    private static void safely(Runnable r, String what) {
        try {
            r.run();
        } catch (RuntimeException | AssertionError e) {
            LOG.log(Level.ERROR, "control loop: " + what + " failed; the loop goes on", e);
        }
    }

    /** The worst lateness seen so far. */
    public Duration worstLateness() {
        return Duration.ofNanos(lateness.worst);
    }

    /**
     * Sets the lateness from which a pause is an error, not a warning: the shortest master-down
     * interval of the running instances, past which a backup peer takes over although this node
     * is healthy.
     */
    public void dangerAt(Duration masterDownInterval) {
        lateness.dangerNanos = masterDownInterval.toNanos();
    }

    /** Records how late timers ran; logs pauses above the threshold. Loop thread only. */
    static final class Lateness {
        private final long thresholdNanos;
        volatile long worst;
        volatile long dangerNanos = Long.MAX_VALUE;

        Lateness(long thresholdNanos) {
            this.thresholdNanos = thresholdNanos;
        }

        void observe(long lateNanos, String what) {
            if (lateNanos > worst) {
                worst = lateNanos;
            }
            if (lateNanos > dangerNanos) {
                LOG.log(Level.ERROR, "control loop ran {0} {1} ms late, longer than the master-down interval ({2} ms):"
                        + " a backup peer has probably taken over although this node is healthy (GC pause, CPU starvation"
                        + " or a suspended host)", what, String.valueOf(lateNanos / 1_000_000), String.valueOf(dangerNanos / 1_000_000));
            } else if (lateNanos > thresholdNanos) {
                LOG.log(Level.WARNING, "control loop ran {0} {1} ms late (GC pause, CPU starvation or a suspended host?);"
                        + " a pause longer than the master-down interval causes a false failover",
                        what, String.valueOf(lateNanos / 1_000_000));
            }
        }
    }
}
