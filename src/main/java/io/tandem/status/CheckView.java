package io.tandem.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One periodic check (a {@code vrrp_script}, script or {@code mysql_check}): its state and its
 * position between {@code rise} and {@code fall}.
 *
 * @param state    "up", "down" or "unknown"
 * @param position keepalived's counter: 0..rise+fall-1, up from {@code rise} on
 * @param last     the last probe, empty before the first
 */
public record CheckView(String name, String kind, String state, int rise, int fall, int position, Duration interval,
                        Optional<Result> last) {
    /** One probe's outcome. */
    public record Result(boolean success, String detail, Duration took, Instant at) {}
}
