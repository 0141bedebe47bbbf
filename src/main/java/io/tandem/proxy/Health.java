package io.tandem.proxy;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One checker's verdict on a backend, as the daemon hands it to the pool.
 *
 * @param up        the checker passed (for a lag-checked replica: reachable and as expected; lag is judged by the pool)
 * @param weight    a new weight ({@code MISC_CHECK misc_dynamic}: exit code - 2), else empty
 * @param lagSeconds replication lag when the checker measures it; empty when unknown (SQL thread stopped) or not measured
 * @param detail    short reason for the log
 * @param elapsed   how long the check took (for the status)
 */
public record Health(boolean up, OptionalInt weight, OptionalLong lagSeconds, String detail, Duration elapsed) {
    public Health(boolean up, OptionalInt weight, OptionalLong lagSeconds, String detail) {
        this(up, weight, lagSeconds, detail, Duration.ZERO);
    }

    public static Health up(String detail) {
        return new Health(true, OptionalInt.empty(), OptionalLong.empty(), detail);
    }

    public static Health down(String detail) {
        return new Health(false, OptionalInt.empty(), OptionalLong.empty(), detail);
    }
}
