package io.tandem.mysql;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The replication channel of a server in the detail that failback and the master-master checks
 * need: whether the IO thread is connected, still connecting or stopped, each thread's last
 * error, the lag and which source it replicates from.
 *
 * @param sourceServerId the source's {@code server_id} from the last connection; 0 if it never connected
 */
public record ReplicaLink(IoState io, boolean sqlRunning, Optional<String> ioError, Optional<String> sqlError,
                          OptionalLong lagSeconds, String sourceHost, int sourcePort, long sourceServerId) {
    /** The IO thread: {@code Yes}, {@code Connecting} or {@code No} in the status row. */
    public enum IoState { RUNNING, CONNECTING, STOPPED }

    public boolean running() {
        return io == IoState.RUNNING && sqlRunning;
    }

    /** One line for logs: threads, errors and lag. */
    public String summary() {
        return "from " + sourceHost + ":" + sourcePort + ", IO " + io.name().toLowerCase(java.util.Locale.ROOT)
                + ", SQL " + (sqlRunning ? "running" : "stopped")
                + (lagSeconds.isPresent() ? ", " + lagSeconds.getAsLong() + " s behind" : "")
                + ioError.map(e -> ", IO error: " + e).orElse("") + sqlError.map(e -> ", SQL error: " + e).orElse("");
    }
}
