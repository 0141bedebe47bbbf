package io.tandem.status;

import java.util.Map;

/**
 * One VRRP socket (an interface, multicast or unicast) and the packets dropped on it, per reason
 * (S5): a dropped packet is counted where it arrived, since it may match no instance.
 *
 * @param drops reason name to count; reasons never seen are absent
 */
public record ChannelView(String name, String iface, Map<String, Long> drops) {
    public ChannelView {
        drops = Map.copyOf(drops);
    }

    public long dropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
