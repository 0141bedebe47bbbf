package io.tandem.check;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a real server's checker found, with what the load balancer needs beyond up or down.
 *
 * @param weight     a weight the checker asks for ({@code misc_dynamic}), else empty
 * @param lagSeconds replication lag when measured; empty when unknown or not measured
 */
public record Verdict(boolean up, OptionalInt weight, OptionalLong lagSeconds, Duration elapsed, String detail) {
    public static Verdict of(ProbeResult r) {
        return new Verdict(r.success(), OptionalInt.empty(), OptionalLong.empty(), r.elapsed(), r.detail());
    }
}
