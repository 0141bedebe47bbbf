package io.tandem.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a running daemon reports about itself at one moment. Built off the control loop from
 * the snapshots its parts publish; immutable so any thread may render it.
 *
 * @param loopWorstLatenessMillis the worst lateness of a control-loop timer since start
 * @param timeline                the latest state changes of all instances, oldest first
 * @param maintenanceSince        when {@code tandem maintenance on} was said; empty when off
 */
public record DaemonStatus(String version, long pid, String routerId, String configFile, Instant at,
                           Instant startedAt, long loopWorstLatenessMillis, List<InstanceView> instances,
                           List<CheckView> checks, List<ChannelView> channels, List<VirtualServerView> virtualServers,
                           List<TimelineEntry> timeline, Optional<Instant> maintenanceSince) {
    public DaemonStatus(String version, long pid, String routerId, String configFile, Instant at, Instant startedAt,
                        long loopWorstLatenessMillis, List<InstanceView> instances, List<CheckView> checks,
                        List<ChannelView> channels, List<VirtualServerView> virtualServers, List<TimelineEntry> timeline) {
        this(version, pid, routerId, configFile, at, startedAt, loopWorstLatenessMillis, instances, checks, channels,
                virtualServers, timeline, Optional.empty());
    }

    public DaemonStatus {
        instances = List.copyOf(instances);
        checks = List.copyOf(checks);
        channels = List.copyOf(channels);
        virtualServers = List.copyOf(virtualServers);
        timeline = List.copyOf(timeline);
    }
}
