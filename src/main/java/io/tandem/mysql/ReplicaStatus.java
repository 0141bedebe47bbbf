package io.tandem.mysql;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Replication as the server reports it.
 *
 * @param lagSeconds empty when the server cannot tell (SQL thread stopped, not connected)
 * @param lastError  the IO or SQL thread's last error, if any
 */
public record ReplicaStatus(boolean ioRunning, boolean sqlRunning, OptionalLong lagSeconds, Optional<String> source,
                            Optional<String> lastError) {
    public boolean running() {
        return ioRunning && sqlRunning;
    }
}
