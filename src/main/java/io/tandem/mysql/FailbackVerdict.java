package io.tandem.mysql;

/**
 * Whether a returning master may take the VIP back: only when its replication from the current
 * master has caught up. Until then it advertises an effective priority below the master's; a
 * broken replication keeps it out and deserves an alert, since it will not heal by itself.
 */
public sealed interface FailbackVerdict {
    /** Why, in one line for the log. */
    String reason();

    /** Replication runs and this server has everything the master has (or no lag, when the master cannot be read). */
    record CaughtUp(String reason) implements FailbackVerdict {}

    /** Replication is stopped, still connecting or behind: wait (no alert needed). */
    record Behind(String reason) implements FailbackVerdict {}

    /** Replication failed with an error or is not configured: stays out until a person fixes it (alert). */
    record Broken(String reason) implements FailbackVerdict {}
}
