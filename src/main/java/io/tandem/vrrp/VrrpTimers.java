package io.tandem.vrrp;

import java.time.Duration;

/**
 * The timer arithmetic of VRRP, in one place. All values are nanoseconds.
 *
 * <p>Resolution: RFC 5798 states Skew_Time in whole centiseconds, keepalived computes it in
 * microseconds ({@code VRRP_TIMER_SKEW} in vrrp.h); this class keeps nanoseconds and rounds down.
 * The difference is below 10 ms, never on the wire, and only orders backups' take-over.
 */
public final class VrrpTimers {
    /**
     * Adverts a backup misses before it declares the master down: the "3" of
     * Master_Down_Interval (RFC 5798 §6.1, RFC 3768 §6.1; keepalived {@code VRRP_DOWN_TIMER_ADVERTS}).
     */
    public static final int DOWN_TIMER_ADVERTS = 3;

    private static final long ONE_SECOND = 1_000_000_000L;

    private VrrpTimers() {}

    /**
     * Skew_Time for a router of the given (effective) priority.
     * <ul>
     *   <li>v3, RFC 5798 §6.1: {@code ((256 - Priority) * Master_Adver_Interval) / 256};</li>
     *   <li>v2, RFC 3768 §6.1: {@code (256 - Priority) / 256} seconds, whatever the interval.</li>
     * </ul>
     */
    public static long skewTimeNanos(ProtocolVersion version, int priority, long masterAdverIntervalNanos) {
        checkPriority(priority);
        long weight = 256L - priority;
        return switch (version) {
            case V3 -> Math.multiplyExact(weight, masterAdverIntervalNanos) / 256;
            case V2 -> weight * ONE_SECOND / 256;
        };
    }

    /**
     * Master_Down_Interval: {@code 3 * Master_Adver_Interval + Skew_Time} (RFC 5798 §6.1); in v2
     * {@code 3 * Advertisement_Interval + Skew_Time} (RFC 3768 §6.1), where a v2 router's
     * Master_Adver_Interval is always its own Advertisement_Interval.
     */
    public static long masterDownIntervalNanos(ProtocolVersion version, int priority, long masterAdverIntervalNanos) {
        return Math.addExact(Math.multiplyExact((long) DOWN_TIMER_ADVERTS, masterAdverIntervalNanos),
                skewTimeNanos(version, priority, masterAdverIntervalNanos));
    }

    /** {@link #skewTimeNanos} with durations. */
    public static Duration skewTime(ProtocolVersion version, int priority, Duration masterAdverInterval) {
        return Duration.ofNanos(skewTimeNanos(version, priority, masterAdverInterval.toNanos()));
    }

    /** {@link #masterDownIntervalNanos} with durations. */
    public static Duration masterDownInterval(ProtocolVersion version, int priority, Duration masterAdverInterval) {
        return Duration.ofNanos(masterDownIntervalNanos(version, priority, masterAdverInterval.toNanos()));
    }

    private static void checkPriority(int priority) {
        if (priority < Priority.MIN || priority > Priority.OWNER) {
            throw new IllegalArgumentException("local priority " + priority + " outside [1, 255]");
        }
    }
}
