package io.tandem.mysql;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link Fencer#fence} or {@link Fencer#unfence} did to a server, step by step with durations.
 *
 * @param action         "fence" or "unfence"
 * @param server         the endpoint, without its password
 * @param flavour        empty when the server could not be reached
 * @param readOnly       {@code @@global.read_only} as read back after the change
 * @param superReadOnly  {@code @@global.super_read_only} as read back (always false on MariaDB, which has none)
 * @param sessionsKilled client sessions ended (fence with kill_sessions only)
 * @param failure        empty when every step succeeded in time
 */
public record FenceReport(String action, String server, Optional<Flavour> flavour, boolean readOnly, boolean superReadOnly,
                          int sessionsKilled, List<Step> steps, Duration took, Optional<String> failure) {
    public FenceReport {
        steps = List.copyOf(steps);
    }

    /** Every step succeeded and the server is in the wanted state. */
    public boolean ok() {
        return failure.isEmpty();
    }

    /** One log line: outcome, state, sessions and each step's duration. */
    public String summary() {
        String state = flavour.map(f -> "read_only=" + onOff(readOnly) + (f.hasSuperReadOnly() ? ", super_read_only=" + onOff(superReadOnly) : ""))
                .orElse("state unknown");
        String kills = action.equals("fence") ? ", " + sessionsKilled + " session" + (sessionsKilled == 1 ? "" : "s") + " killed" : "";
        return action + " " + server + (ok() ? " done" : " FAILED: " + failure.get()) + " in " + took.toMillis() + " ms: "
                + state + kills + " [" + steps.stream().map(Step::toString).collect(Collectors.joining("; ")) + "]";
    }

    private static String onOff(boolean b) {
        return b ? "ON" : "OFF";
    }
}
