package io.tandem.config;

import java.util.List;

/**
 * {@code vrrp_sync_group NAME { group { I1 I2 } track_script {} track_interface {} notify... }}:
 * instances that change state together. The group's own {@code track_script} and
 * {@code track_interface} entries apply to every member (keepalived 2.2.7
 * {@code sync_group_tracking_init}).
 *
 * @param trackingWeight {@code sync_group_tracking_weight} (or the deprecated {@code global_tracking}):
 *                       members keep the weights of their own tracking; without it keepalived
 *                       drops a member's weighted scripts and makes its weighted interfaces weight 0
 */
public record VrrpSyncGroup(String name, List<String> group, NotifyScripts notifyScripts, boolean smtpAlert,
                            List<VrrpInstance.TrackScript> trackScripts, List<VrrpInstance.TrackInterface> trackInterfaces,
                            boolean trackingWeight, SourceLocation at) {
    public VrrpSyncGroup {
        group = List.copyOf(group);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
    }
}
