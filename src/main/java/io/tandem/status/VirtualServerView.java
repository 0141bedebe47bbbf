package io.tandem.status;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * One virtual_server of the load balancer and its backends.
 *
 * @param refused       connections closed since start because nothing could take them
 * @param queued        clients waiting now for a slot (every backend they could use at its uthreshold)
 * @param sorryServer   the sorry_server as ADDRESS:PORT, empty when there is none
 * @param onSorryServer clients relayed to the sorry_server now
 * @param proxyProtocol "v1" or "v2" when backend connections start with a PROXY protocol header, else "off"
 */
public record VirtualServerView(String address, int port, String lbAlgo, boolean quorumUp, int quorum, long refused,
                                int queued, String sorryServer, int onSorryServer, String proxyProtocol, List<Backend> backends) {
    public VirtualServerView {
        backends = List.copyOf(backends);
    }

    /**
     * One real_server.
     *
     * @param state   "up", "down", "drain" (an operator drained it), "full" (max connections) or "inhibited" (weight 0)
     * @param drained an operator drained it ({@code tandem drain}); also when it is down, whose state says "down"
     */
    public record Backend(String address, int port, String state, boolean drained, boolean lagging, int weight, int active, long total,
                          long bytesIn, long bytesOut, OptionalLong lagSeconds, String lastCheck, Duration lastCheckTook) {}
}
