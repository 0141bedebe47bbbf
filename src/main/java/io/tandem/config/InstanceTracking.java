package io.tandem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one instance really tracks, with keepalived 2.2.7's sync-group rules applied
 * ({@code vrrp_complete_instance}, {@code sync_group_tracking_init}):
 * <ul>
 *   <li>a member of a sync group also tracks the group's {@code track_script} and
 *       {@code track_interface} entries, with their weights (cleared when a member is an address
 *       owner);</li>
 *   <li>unless the group sets {@code sync_group_tracking_weight}, a member's own weighted
 *       {@code track_script} entries are dropped and its weighted interfaces count with weight 0
 *       (down means FAULT), so members never float apart in priority;</li>
 *   <li>an address owner (priority 255) ignores weighted scripts and interfaces of its own;</li>
 *   <li>a script or interface tracked both by the member and the group counts once, the member's.</li>
 * </ul>
 * The validator reports each adjustment as keepalived does; the daemon tracks what is left.
 */
public final class InstanceTracking {
    private InstanceTracking() {}

    /** A tracked script with its resolved weight. */
    public record Script(String name, int weight, boolean reverse, String origin) {}

    /** A tracked interface. */
    public record Interface(String name, int weight, boolean reverse, String origin) {}

    /** One adjustment made to the configuration, in keepalived's words. */
    public record Adjustment(SourceLocation at, String message) {}

    /** The result for one instance. */
    public record Result(List<Script> scripts, List<Interface> interfaces, List<Adjustment> adjustments) {}

    public static Result of(KeepalivedConfig config, VrrpInstance i) {
        Optional<VrrpSyncGroup> group = config.vrrpSyncGroups().stream().filter(g -> g.group().contains(i.name())).findFirst();
        boolean owner = i.priority() == 255;
        boolean groupOwner = group.isPresent() && group.get().group().stream()
                .map(config::vrrpInstance).flatMap(Optional::stream).anyMatch(m -> m.priority() == 255);
        boolean noWeights = group.isPresent() && !group.get().trackingWeight();
        List<Script> scripts = new ArrayList<>();
        List<Interface> interfaces = new ArrayList<>();
        List<Adjustment> adjustments = new ArrayList<>();
        for (VrrpInstance.TrackScript t : i.trackScripts()) {
            Optional<VrrpScript> s = config.vrrpScript(t.name());
            if (s.isEmpty()) {
                continue;
            }
            int weight = t.weight().orElse(s.get().weight());
            boolean reverse = t.weight().isPresent() ? t.reverse() : s.get().weightReverse();
            if (weight != 0 && (noWeights || owner)) {
                adjustments.add(new Adjustment(t.at(), "(" + i.name() + ") ignoring tracked script " + t.name()
                        + " with weights due to " + (noWeights ? "SYNC group" : "address_owner")));
                continue;
            }
            scripts.add(new Script(t.name(), weight, reverse, "script " + t.name()));
        }
        for (VrrpInstance.TrackInterface t : i.trackInterfaces()) {
            int weight = t.weight();
            if (weight != 0 && (noWeights || owner)) {
                adjustments.add(new Adjustment(t.at(), "(" + i.name() + ") ignoring " + t.name() + " tracked interface "
                        + (noWeights ? "weight due to SYNC group" : "due to address owner")));
                if (!noWeights) {
                    continue;
                }
                weight = 0;
            }
            interfaces.add(new Interface(t.name(), weight, t.reverse(), "track_interface " + t.name()));
        }
        if (group.isPresent()) {
            VrrpSyncGroup g = group.get();
            for (VrrpInstance.TrackScript t : g.trackScripts()) {
                Optional<VrrpScript> s = config.vrrpScript(t.name());
                if (s.isEmpty() || scripts.stream().anyMatch(x -> x.name().equals(t.name()))) {
                    continue;
                }
                int weight = t.weight().orElse(s.get().weight());
                boolean reverse = t.weight().isPresent() ? t.reverse() : s.get().weightReverse();
                if (groupOwner && weight != 0) {
                    weight = 0;
                }
                scripts.add(new Script(t.name(), weight, reverse, "sync group " + g.name() + " script " + t.name()));
            }
            for (VrrpInstance.TrackInterface t : g.trackInterfaces()) {
                if (i.trackInterfaces().stream().anyMatch(x -> x.name().equals(t.name()))) {
                    adjustments.add(new Adjustment(t.at(), "(" + i.name() + ") track_interface " + t.name()
                            + " is configured on VRRP instance and sync group. Remove vrrp instance or sync group config"));
                    continue;
                }
                interfaces.add(new Interface(t.name(), groupOwner ? 0 : t.weight(), t.reverse(),
                        "sync group " + g.name() + " interface " + t.name()));
            }
        }
        return new Result(List.copyOf(scripts), List.copyOf(interfaces), List.copyOf(adjustments));
    }
}
