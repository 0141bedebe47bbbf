package io.tandem.daemon;

import java.util.function.Supplier;

/**
 * The running daemon's {@link Operations}: switchover and maintenance go to the current VRRP
 * engine (replaced on reload, hence a supplier), drain and ready to the load balancer.
 */
final class DaemonOperations implements Operations {
    private final Supplier<VrrpEngine> engine;
    private final Supplier<LoadBalancer> balancer;

    DaemonOperations(Supplier<VrrpEngine> engine, Supplier<LoadBalancer> balancer) {
        this.engine = engine;
        this.balancer = balancer;
    }

    @Override
    public Outcome switchover(ControlRequest request) {
        return engine.get().switchover(request);
    }

    @Override
    public Outcome maintenance(ControlRequest request) {
        return engine.get().maintenance(request);
    }

    @Override
    public Outcome drain(ControlRequest request) {
        LoadBalancer lb = balancer.get();
        return lb == null ? Outcome.refused("the load balancer is not running yet") : lb.drain(request, true);
    }

    @Override
    public Outcome ready(ControlRequest request) {
        LoadBalancer lb = balancer.get();
        return lb == null ? Outcome.refused("the load balancer is not running yet") : lb.drain(request, false);
    }
}
