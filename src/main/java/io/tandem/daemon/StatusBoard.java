package io.tandem.daemon;

import io.tandem.status.ChannelView;
import io.tandem.status.DaemonStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the control loop publishes what it knows, for readers on other threads (the control
 * socket, the signal dumps, the HTTP endpoint). The loop replaces an immutable
 * {@link VrrpEngine.Snapshot} after its work ({@link ControlLoop#publishWith}); readers take the
 * latest one and add what other parts publish themselves (socket drop counters, load-balancer
 * pools). Nothing here ever waits for the loop or makes it wait.
 */
final class StatusBoard {
    private static final VrrpEngine.Snapshot EMPTY = new VrrpEngine.Snapshot(List.of(), List.of(), List.of(), List.of());

    private final String configFile;
    private final Instant startedAt = Instant.now();
    private final ControlLoop loop;
    private volatile VrrpEngine.Snapshot vrrp = EMPTY;
    private volatile String routerId = "";
    private volatile Supplier<List<io.tandem.status.VirtualServerView>> virtualServers = List::of;

    StatusBoard(String configFile, ControlLoop loop) {
        this.configFile = configFile;
        this.loop = loop;
    }

    /** Loop thread: the engine's state after the loop's latest work. */
    private volatile java.util.function.Supplier<java.util.Optional<Instant>> maintenance = java.util.Optional::empty;

    void publish(VrrpEngine.Snapshot s) {
        vrrp = s;
    }

    void routerId(String id) {
        routerId = id;
    }

    /** Where the daemon's maintenance state is read (the engine's, which a reload carries over). */
    void maintenance(java.util.function.Supplier<java.util.Optional<Instant>> since) {
        maintenance = since;
    }

    void loadBalancer(LoadBalancer lb) {
        virtualServers = lb::views;
    }

    ControlLoop loop() {
        return loop;
    }

    /** The daemon's status now. Any thread; never blocks on the loop. */
    DaemonStatus now() {
        VrrpEngine.Snapshot s = vrrp;
        List<ChannelView> channels = s.channels().stream().map(VrrpChannel::view).toList();
        return new DaemonStatus(Version.current(), ProcessHandle.current().pid(), routerId, configFile, Instant.now(), startedAt,
                loop.worstLateness().toMillis(), s.instances(), s.checks(), channels, virtualServers.get(), s.timeline(),
                maintenance.get());
    }
}
