package io.tandem.proxy;

import io.tandem.config.VirtualServer.RealServer;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One backend as the status output shows it.
 *
 * @param id       the pool's id of the backend
 * @param drained  an operator drained it ({@link BackendPool#drain}): no new connections but persistent ones
 * @param bytesIn  bytes relayed from clients to it; {@code bytesOut} the other way (0 from the pool alone)
 */
public record BackendStatus(int id, RealServer server, boolean available, boolean overloaded, boolean drained, boolean lagging,
                            int weight, int active, long total, OptionalLong lagSeconds, String lastCheck, Duration lastCheckTook,
                            long bytesIn, long bytesOut) {
    BackendStatus withBytes(long in, long out) {
        return new BackendStatus(id, server, available, overloaded, drained, lagging, weight, active, total, lagSeconds, lastCheck,
                lastCheckTook, in, out);
    }

    /**
     * One word for people and metrics: "down" (checkers failing or lag; a drained one that is down
     * says down, {@link #drained} tells the rest), "drain", "full" ({@code uthreshold}),
     * "inhibited" (weight 0) or "up".
     */
    public String state() {
        return !available ? "down" : drained ? "drain" : overloaded ? "full" : weight == 0 ? "inhibited" : "up";
    }
}
