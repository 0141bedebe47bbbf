package io.tandem.status;

import java.time.Instant;
import java.util.List;

/**
 * Everything a running daemon reports about itself at one moment. Built off the control loop from
 * the snapshots its parts publish; immutable so any thread may render it.
 *
 * @param loopWorstLatenessMillis the worst lateness of a control-loop timer since start
 * @param timeline                the latest state changes of all instances, oldest first
 */
public record DaemonStatus(String version, long pid, String routerId, String configFile, Instant at,
                           Instant startedAt, long loopWorstLatenessMillis, List<InstanceView> instances,
                           List<CheckView> checks, List<ChannelView> channels, List<VirtualServerView> virtualServers,
                           List<TimelineEntry> timeline) {
    public DaemonStatus {
        instances = List.copyOf(instances);
        checks = List.copyOf(checks);
        channels = List.copyOf(channels);
        virtualServers = List.copyOf(virtualServers);
        timeline = List.copyOf(timeline);
    }
}
