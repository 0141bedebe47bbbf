package io.tandem.config;

import java.time.Duration;

/**
 * When one real server's checker runs and how many failures it takes to call the server down,
 * resolved as keepalived 2.2.7 resolves them (check_data.c): the checker's own keyword, else the
 * real server's, else the virtual server's, else the checker type's default. keepalived has no
 * {@code rise}/{@code fall} for real servers: a failure is confirmed by {@code retry} further
 * attempts {@code delay_before_retry} apart before the checker counts as failed, and one success
 * brings it back.
 *
 * @param retry            further attempts after a failed check before it counts (TCP_CHECK and MYSQL_CHECK 1, MISC_CHECK 0)
 * @param delayBeforeRetry time between those attempts (default 1 s)
 * @param delayLoop        time between regular checks (default the virtual server's {@code delay_loop})
 * @param warmup           the first check waits a random time up to this (default {@code delay_loop})
 * @param alpha            the checker starts failed: the server takes no connections until it passed once
 * @param logAllFailures   the checker's own {@code log_all_failures}: log every failed attempt while the
 *                         checker is still up, not only the failure that takes it down (a checker keyword in
 *                         keepalived, not inherited from real or virtual server)
 */
public record CheckerTiming(int retry, Duration delayBeforeRetry, Duration delayLoop, Duration warmup, boolean alpha,
                            boolean logAllFailures) {
    public static final Duration DEFAULT_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);

    /** keepalived's default for checkers other than MISC_CHECK. */
    public static final int DEFAULT_RETRY = 1;

    /** Without {@code log_all_failures}. */
    public CheckerTiming(int retry, Duration delayBeforeRetry, Duration delayLoop, Duration warmup, boolean alpha) {
        this(retry, delayBeforeRetry, delayLoop, warmup, alpha, false);
    }

    CheckerTiming withLogAllFailures(boolean on) {
        return new CheckerTiming(retry, delayBeforeRetry, delayLoop, warmup, alpha, on);
    }

    /**
     * Whether this checker logs every failed attempt: its own {@code log_all_failures} or
     * {@code global_defs}' {@code checker_log_all_failures}. An OR, as in keepalived 2.2.7
     * (check_tcp.c, check_misc.c): the checker's keyword can turn it on but not off.
     */
    public boolean logsAllFailures(GlobalDefs globals) {
        return logAllFailures || globals.checkerLogAllFailures();
    }

    /** Immediate first check, no retry, not alpha: for tests and callers that want every verdict at once. */
    public static CheckerTiming immediate(Duration delayLoop) {
        return new CheckerTiming(0, DEFAULT_DELAY_BEFORE_RETRY, delayLoop, Duration.ZERO, false);
    }
}
