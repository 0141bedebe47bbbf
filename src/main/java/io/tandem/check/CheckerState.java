package io.tandem.check;

/**
 * One real server checker's state across runs, as keepalived 2.2.7 keeps it (check_tcp.c
 * {@code tcp_epilog}, check_misc.c): a failed run is retried {@code retry} times
 * {@code delay_before_retry} apart before the checker counts as failed, so one lost probe does not
 * take a backend out; one passing run brings it back. The very first failure counts at once
 * (keepalived starts with the retries used up: an unchecked server is presumed up, so a dead one
 * must leave quickly), and with {@code alpha} the checker starts failed. It also tells which
 * failed attempts keepalived's {@code log_all_failures} logs ({@link #failedWhileUp()}). Pure; not
 * thread-safe (one checker thread owns it).
 */
public final class CheckerState {
    private final int retry;
    private boolean up;
    private int retries;
    private boolean hasRun;
    private boolean failedWhileUp;

    /** What a run decided. */
    public enum Step {
        /** The checker passed (again): report it. */
        PASSED,
        /** The run failed but retries are left: run again after {@code delay_before_retry}, report nothing. */
        RETRY,
        /** The run failed and no retry is left: report the failure. */
        FAILED
    }

    public CheckerState(int retry, boolean alpha) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry " + retry);
        }
        this.retry = retry;
        this.up = !alpha;
        this.retries = retry;
    }

    /** Feeds one run's result; see {@link #up()} and {@link #changed} for the verdict. */
    public Step run(boolean passed) {
        hasRun = true;
        failedWhileUp = false;
        if (passed) {
            retries = 0;
            up = true;
            return Step.PASSED;
        }
        if (retries < retry) {
            retries++;
            failedWhileUp = up;
            return Step.RETRY;
        }
        retries = 0;
        up = false;
        return Step.FAILED;
    }

    /** Whether the checker counts as passing now. */
    public boolean up() {
        return up;
    }

    /** Whether any run was fed yet (keepalived says "failed after N retries" only after the first). */
    public boolean hasRun() {
        return hasRun;
    }

    /**
     * Whether the last run was a failed attempt that left the checker up, a retry still to come:
     * the attempts keepalived logs only with {@code log_all_failures} (or global
     * {@code checker_log_all_failures}). The attempt that takes the checker down is logged anyway,
     * and attempts while it is down are not (keepalived's {@code checker->is_up} test).
     */
    public boolean failedWhileUp() {
        return failedWhileUp;
    }

    /** The retries used so far for the current failure (0 when none is pending). */
    public int retriesUsed() {
        return retries;
    }
}
