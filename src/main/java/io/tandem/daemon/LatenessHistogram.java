package io.tandem.daemon;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late the control loop's timers ran, as cumulative-bucket counts for the Prometheus
 * histogram {@code tandem_control_loop_lateness_seconds}. Written by the loop without locks
 * (atomic adds only), read by scrapes from any thread.
 */
final class LatenessHistogram {
    /** Upper bounds in seconds: from scheduling noise to pauses past any master-down interval. */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLong sumNanos = new AtomicLong();

    void observe(long lateNanos) {
        double seconds = lateNanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        sumNanos.addAndGet(Math.max(0, lateNanos));
    }

    /** Per-bucket counts (not cumulative), the last one above the highest bound. */
    long[] counts() {
        long[] out = new long[BOUNDS.length + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = buckets.get(i);
        }
        return out;
    }

    double sumSeconds() {
        return sumNanos.get() / 1e9;
    }
}
