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
        Optional<Duration> proxyConnectTimeout,
        Optional<ProxyProtocol> proxyProtocol,
        Optional<Duration> proxyQueueTimeout,
        Optional<Boolean> smtpAlert,
        SourceLocation at) {

    /**
     * Tandem's {@code proxy_protocol v1|v2}: each backend connection starts with a PROXY protocol
     * header naming the client's address and port (haproxy's {@code send-proxy} and
     * {@code send-proxy-v2}), so that MariaDB ({@code proxy_protocol_networks}) sees the client
     * and not the load balancer, as it would behind keepalived's IPVS.
     */
    public enum ProxyProtocol {
        V1, V2;

        /** As the configuration and the status spell it: {@code v1}, {@code v2}. */
        public String keyword() {
            return this == V1 ? "v1" : "v2";
        }

        /** The version {@code word} names ({@code v1}/{@code v2}, any case); empty for anything else. */
        public static Optional<ProxyProtocol> of(String word) {
            return java.util.Arrays.stream(values()).filter(p -> p.keyword().equalsIgnoreCase(word)).findFirst();
        }
    }

    public VirtualServer {
        realServers = List.copyOf(realServers);
    }

    /** How long the proxy waits for a backend's connect before it tries the next one, unless {@code proxy_connect_timeout} says. */
    public static final Duration DEFAULT_PROXY_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** Tandem's {@code proxy_connect_timeout}, else {@link #DEFAULT_PROXY_CONNECT_TIMEOUT}. */
    public Duration connectTimeout() {
        return proxyConnectTimeout.orElse(DEFAULT_PROXY_CONNECT_TIMEOUT);
    }

    /**
     * How long a new connection waits for a slot when every backend that could take it is at its
     * {@code uthreshold} (haproxy's queue and {@code timeout queue}, which also defaults to the
     * connect timeout): Tandem's {@code proxy_queue_timeout}, else {@link #connectTimeout()}.
     * Zero: no queue, such a connection goes to the sorry server or is closed at once.
     */
    public Duration queueTimeout() {
        return proxyQueueTimeout.orElse(connectTimeout());
    }

    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);

    /** An address and port, as in {@code sorry_server ADDR PORT}. */
    public record Endpoint(String address, int port) {}

    /**
     * {@code real_server ADDR PORT { ... }}: one backend.
     *
     * @param upperThreshold {@code uthreshold}: no new connections while it has this many (0: no limit)
     * @param lowerThreshold {@code lthreshold}: new connections again below this many (0: 3/4 of the upper, as IPVS)
     * @param timings        when each checker runs and what confirms a failure, one per checker, in order
     * @param smtpAlert      {@code smtp_alert} as written; empty: global_defs decides ({@code GlobalDefs.checkerAlertDefault(true)})
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
            List<CheckerTiming> timings,
            Optional<Boolean> smtpAlert,
            SourceLocation at) {
        public RealServer {
            checkers = List.copyOf(checkers);
            timings = List.copyOf(timings);
            if (timings.size() != checkers.size()) {
                throw new IllegalArgumentException("one timing per checker: " + checkers.size() + " checkers, " + timings.size() + " timings");
            }
        }

        /** A real server whose checkers report at once (no retry, no warmup, not alpha) every second; for tests. */
        public RealServer(String address, int port, int weight, boolean inhibitOnFailure, int upperThreshold, int lowerThreshold,
                          Optional<String> notifyUp, Optional<String> notifyDown, List<Checker> checkers, SourceLocation at) {
            this(address, port, weight, inhibitOnFailure, upperThreshold, lowerThreshold, notifyUp, notifyDown, checkers,
                    checkers.stream().map(c -> CheckerTiming.immediate(Duration.ofSeconds(1))).toList(), Optional.empty(), at);
        }

        /** {@code address:port}, as logs show it. */
        public String name() {
            return address + ":" + port;
        }
    }
}
