package io.tandem.status;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The local mysqld of an instance with a {@code mysql {}} block, as the daemon last saw it (a
 * periodic read off the control loop), and the failback verdict.
 *
 * @param role      "writable", "fenced" or "unknown" (not reached yet or not answering)
 * @param observed  when the server was last read; empty before the first read
 * @param error     why the last read failed, if it did
 * @param replica   empty when the server replicates from nobody (or the status is unreadable)
 * @param gtid      the executed GTID position ({@code gtid_binlog_pos}/{@code gtid_current_pos} or {@code gtid_executed})
 * @param failback  the last catch-up verdict of a node that is not MASTER, if any
 * @param peer      the other master as this node last read it (its {@code failback} and
 *                  {@code peer} are empty), so one node's page shows the pair
 */
public record MysqlView(String endpoint, String role, Optional<Instant> observed, Optional<String> error,
                        String version, boolean readOnly, boolean superReadOnly, Optional<Replica> replica,
                        String gtid, Optional<String> failback, boolean holdingFailback, Optional<MysqlView> peer) {
    public MysqlView(String endpoint, String role, Optional<Instant> observed, Optional<String> error,
                     String version, boolean readOnly, boolean superReadOnly, Optional<Replica> replica,
                     String gtid, Optional<String> failback, boolean holdingFailback) {
        this(endpoint, role, observed, error, version, readOnly, superReadOnly, replica, gtid, failback, holdingFailback,
                Optional.empty());
    }

    /** Replication as the server reports it. */
    public record Replica(String source, boolean ioRunning, boolean sqlRunning, OptionalLong lagSeconds,
                          Optional<String> lastError) {}
}
