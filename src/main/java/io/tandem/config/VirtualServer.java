package io.tandem.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code virtual_server ADDR PORT { ... }}: a load-balanced service. keepalived hands this to the
 * kernel's IPVS; Tandem serves it with its own user-space proxy.
 */
public record VirtualServer(
        String address,
        int port,
        Duration delayLoop,
        String lbAlgo,
        String lbKind,
        String protocol,
        Optional<Duration> persistenceTimeout,
        int quorum,
        Optional<String> quorumUp,
        Optional<String> quorumDown,
        Optional<Endpoint> sorryServer,
        List<RealServer> realServers,
        SourceLocation at) {

    public VirtualServer {
        realServers = List.copyOf(realServers);
    }

    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);

    /** An address and port, as in {@code sorry_server ADDR PORT}. */
    public record Endpoint(String address, int port) {}

    /**
     * {@code real_server ADDR PORT { ... }}: one backend.
     *
     * @param upperThreshold {@code uthreshold}: no new connections while it has this many (0: no limit)
     * @param lowerThreshold {@code lthreshold}: new connections again below this many (0: 3/4 of the upper, as IPVS)
     */
    public record RealServer(
            String address,
            int port,
            int weight,
            boolean inhibitOnFailure,
            int upperThreshold,
            int lowerThreshold,
            Optional<String> notifyUp,
            Optional<String> notifyDown,
            List<Checker> checkers,
            SourceLocation at) {
        public RealServer {
            checkers = List.copyOf(checkers);
        }
    }
}
