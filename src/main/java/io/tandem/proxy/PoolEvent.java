package io.tandem.proxy;

import io.tandem.config.VirtualServer.RealServer;

/** What a health report changed in a pool: the daemon logs it and runs notify scripts; the proxy closes connections. */
public sealed interface PoolEvent {
    /** The backend takes new connections again. */
    record BackendUp(int backend, RealServer server, String detail) implements PoolEvent {}

    /**
     * The backend takes no new connections.
     *
     * @param closeConnections its open connections are closed too (not with {@code inhibit_on_failure})
     */
    record BackendDown(int backend, RealServer server, String detail, boolean closeConnections) implements PoolEvent {}

    /** A change in the weight the scheduler uses ({@code misc_dynamic}). */
    record WeightChanged(RealServer server, int weight) implements PoolEvent {}

    /**
     * Every lag-checked replica lags: the least-lagging ones stay in the pool although they are over
     * {@code max_lag} (stale reads beat no reads). Reported when the set kept changes; empty {@code kept} means released.
     */
    record LagHold(java.util.List<RealServer> kept, String detail) implements PoolEvent {}

    /** The sum of weights of the available backends reached {@code quorum}. */
    record QuorumUp(int weight, int quorum) implements PoolEvent {}

    /** The sum of weights fell below {@code quorum}: new connections go to the sorry server or are refused. */
    record QuorumDown(int weight, int quorum) implements PoolEvent {}
}
