package io.tandem.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One vrrp_instance: its state, its priority and why it differs from the configured one, its
 * addresses, the master it last heard, its last transition and its advert counters.
 *
 * @param channel          the socket its adverts arrive on ({@link ChannelView#name()}), where every drop is
 *                         counted (a dropped packet may belong to no instance)
 * @param drops            adverts for this instance's VRID dropped because they disagree with its configuration
 *                         (version, authentication, interval, addresses, delivery), per reason
 * @param adjustments      every tracked item and what it does to the priority now
 * @param lastMaster       the last advert accepted from another router, if any
 * @param lastTransition   empty before the first one
 * @param becameMaster     keepalived's {@code become_master}
 * @param releasedMaster   keepalived's {@code release_master}
 */
public record InstanceView(String name, String state, String iface, int vrid, int version, int basePriority,
                           int effectivePriority, boolean fault, List<Adjustment> adjustments, List<String> vips,
                           Optional<PeerHeard> lastMaster, Optional<TransitionView> lastTransition, long transitions,
                           long becameMaster, long releasedMaster, long advertsSent, long advertsReceived,
                           long priorityZeroSent, long priorityZeroReceived, String channel, Map<String, Long> drops,
                           Optional<MysqlView> mysql) {
    public InstanceView {
        drops = Map.copyOf(drops);
        adjustments = List.copyOf(adjustments);
        vips = List.copyOf(vips);
    }

    /**
     * One tracked item (interface, vrrp_script, the MySQL failback hold) and its effect now.
     *
     * @param state  "up", "down" or "unknown" (not reported yet)
     * @param change what it adds to the base priority now (0 when it has no effect)
     * @param fault  a weight-0 item that is bad: it puts the instance in FAULT
     */
    public record Adjustment(String item, int weight, boolean reverse, String state, int change, boolean fault) {}

    /** The source and priority of the last accepted advert from another router, and when it came. */
    public record PeerHeard(String address, int priority, Instant at) {}

    /** A state change, with keepalived's state names, its reason and its wall-clock time. */
    public record TransitionView(String from, String to, String reason, Instant at) {}
}
