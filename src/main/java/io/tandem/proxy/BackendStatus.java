package io.tandem.proxy;

import io.tandem.config.VirtualServer.RealServer;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One backend as the status output shows it.
 *
 * @param id       the pool's id of the backend
 * @param bytesIn  bytes relayed from clients to it; {@code bytesOut} the other way (0 from the pool alone)
 */
public record BackendStatus(int id, RealServer server, boolean available, boolean overloaded, boolean lagging, int weight,
                            int active, long total, OptionalLong lagSeconds, String lastCheck, Duration lastCheckTook,
                            long bytesIn, long bytesOut) {
    BackendStatus withBytes(long in, long out) {
        return new BackendStatus(id, server, available, overloaded, lagging, weight, active, total, lagSeconds, lastCheck,
                lastCheckTook, in, out);
    }
}
