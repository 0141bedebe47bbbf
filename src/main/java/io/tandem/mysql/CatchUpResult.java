package io.tandem.mysql;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a new master's wait to apply what the old master had went.
 *
 * @param basis     what was waited for: the old master's binary log position (it was reachable) or
 *                  only what this server had already received into its relay log
 * @param waitedFor the position or relay log coordinates, e.g. {@code 1-11-40,2-12-7}
 * @param detail    why it ended: "applied", the SQL error, or where the wait stood at the deadline
 */
public record CatchUpResult(Outcome outcome, Basis basis, String waitedFor, Duration took, String detail, List<Step> steps) {
    public CatchUpResult {
        steps = List.copyOf(steps);
    }

    public enum Outcome {
        /** Everything waited for is applied: writes may be turned on. */
        CAUGHT_UP,
        /** The timeout passed first (old master not fenced, SQL thread stopped or slow). */
        TIMED_OUT,
        /** The local server cannot get there: replication SQL error, or the local server is unreachable. */
        FAILED
    }

    public enum Basis { OLD_MASTER_POSITION, RELAY_LOG }

    public boolean caughtUp() {
        return outcome == Outcome.CAUGHT_UP;
    }

    /** One log line with the outcome, what was waited for and each step's duration. */
    public String summary() {
        return "catch-up " + outcome + " after " + took.toMillis() + " ms, waited for "
                + (basis == Basis.OLD_MASTER_POSITION ? "the old master's position " : "the relay log: ") + waitedFor
                + " (" + detail + ") [" + steps.stream().map(Step::toString).collect(Collectors.joining("; ")) + "]";
    }
}
