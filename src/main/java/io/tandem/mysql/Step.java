package io.tandem.mysql;

import java.time.Duration;

/**
 * One timed step of a MySQL operation (connect, set read_only, kill sessions, wait for a GTID
 * position), so that every step of a switch-over can be logged with its duration.
 *
 * @param detail what the step did or why it failed; never a password
 */
public record Step(String name, Duration took, boolean ok, String detail) {
    @Override
    public String toString() {
        return name + " " + (ok ? "" : "FAILED ") + took.toMillis() + " ms" + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
