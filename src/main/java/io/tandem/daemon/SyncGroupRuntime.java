package io.tandem.daemon;

import io.tandem.config.VrrpSyncGroup;
import io.tandem.notify.Alerts;
import io.tandem.notify.NotifyQueue;
import io.tandem.vrrp.GroupAction;
import io.tandem.vrrp.Step;
import io.tandem.vrrp.SyncGroup;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One running vrrp_sync_group on the control loop: the pure {@link SyncGroup} sees every step of
 * its members; what it answers is done here, on the loop, at once: events fed to members, the
 * group's transition logged, its notify scripts queued. Members start together, once the
 * tracking of every one of them is known.
 */
final class SyncGroupRuntime {
    private static final System.Logger LOG = System.getLogger(SyncGroupRuntime.class.getName());

    private final SyncGroup group;
    private final Map<String, InstanceRuntime> members = new LinkedHashMap<>();
    private final StateNotifier notifier;
    private boolean started;
    /** Built by a reload with members resuming their state: the group's start-up is not a change, so it notifies nothing. */
    private boolean resuming;

    SyncGroupRuntime(VrrpSyncGroup config, SyncGroup group, List<InstanceRuntime> members, NotifyQueue notify,
                     Alerts alerts, Optional<String> scriptUser, boolean resuming) {
        this.group = group;
        this.resuming = resuming;
        members.forEach(m -> this.members.put(m.name(), m));
        if (!this.members.keySet().equals(new LinkedHashSet<>(group.members()))) {
            throw new IllegalArgumentException("sync group " + group.name() + ": members " + this.members.keySet()
                    + " do not match " + group.members());
        }
        this.notifier = new StateNotifier(config.notifyScripts(), StateNotifier.Kind.GROUP, group.name(), notify, scriptUser,
                alerts, config.smtpAlert());
        members.forEach(m -> m.joinGroup(this));
    }

    String name() {
        return group.name();
    }

    /**
     * Starts every member once all can start: first each member's fault and weights, then each
     * start-up, so a member with a fault holds the others in FAULT from the first moment, as
     * keepalived does at start-up.
     */
    void startWhenAllReady() {
        if (started || !members.values().stream().allMatch(InstanceRuntime::trackingKnown)) {
            return;
        }
        started = true;
        members.values().forEach(InstanceRuntime::prime);
        members.values().forEach(InstanceRuntime::startup);
        resuming = false;
    }

    /** Shows {@code member}'s step to the group and does what it asks. */
    void after(InstanceRuntime member, Step step) {
        for (GroupAction a : group.react(member.name(), step)) {
            switch (a) {
                case GroupAction.GroupTransition t -> LOG.log(Level.INFO,
                        "VRRP_Group({0}) {1} -> {2} ({3}): syncing instances to {2}", group.name(), t.from().label(),
                        t.to().label(), t.by());
                case GroupAction.Feed f -> members.get(f.member()).feed(f.event());
                case GroupAction.GroupNotify n -> {
                    if (!resuming) {
                        notifier.entered(n.to().label(), 0);
                    }
                }
            }
        }
    }
}
