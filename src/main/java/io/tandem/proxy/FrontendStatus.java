package io.tandem.proxy;

import io.tandem.config.VirtualServer;
import java.util.List;

/**
 * One virtual server as the status output shows it: quorum, connections refused (nothing could take
 * them), clients waiting for a slot (every backend they could use at its {@code uthreshold}),
 * clients on the sorry server, and every backend. {@code tandem status} renders it through the
 * daemon's views ({@code StatusText}, {@code StatusJson}).
 */
public record FrontendStatus(VirtualServer service, boolean quorumUp, long refused, int queued, int onSorryServer,
                             List<BackendStatus> backends) {
    public FrontendStatus {
        backends = List.copyOf(backends);
    }
}
