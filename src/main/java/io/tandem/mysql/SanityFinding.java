package io.tandem.mysql;

/**
 * One problem the master-master sanity check found: which rule, how bad, and a message an operator
 * can act on. {@link Rule} is stable, so a caller can alert when a rule starts failing and again
 * when it clears, instead of on every periodic check.
 */
public record SanityFinding(Rule rule, Severity severity, String message) {
    public enum Rule {
        /** Both masters accept writes at the same time (S3 broken). */
        BOTH_WRITABLE,
        /** auto_increment_increment/offset let both masters generate the same key. */
        AUTO_INCREMENT,
        /** Both servers have the same server_id: replication silently skips the other's events. */
        SERVER_ID,
        /** MariaDB: both servers write in the same GTID domain (breaks under concurrent writes). */
        GTID_DOMAIN,
        /** Replication is not configured (or not running) in both directions. */
        REPLICATION,
        /** Semi-synchronous replication is off in a direction: a crash can lose acknowledged commits. */
        SEMI_SYNC,
        /** A server could not be read, so the other rules were not checked. */
        UNREACHABLE
    }

    public enum Severity {
        /** Data can diverge or be lost now: alert at once. */
        CRITICAL,
        /** A configuration that will hurt at the next failover or under load. */
        WARNING,
        /** Allowed, but the operator should know the consequence. */
        NOTICE
    }

    @Override
    public String toString() {
        return severity + " " + rule + ": " + message;
    }
}
