package io.tandem.vrrp;

import io.tandem.vrrp.Action.OwnFaultChanged;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.Action.WantsBackup;
import io.tandem.vrrp.Action.WantsMaster;
import io.tandem.vrrp.GroupAction.Feed;
import io.tandem.vrrp.GroupAction.GroupNotify;
import io.tandem.vrrp.GroupAction.GroupTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * keepalived 2.2.7's {@code vrrp_sync_group}: instances that change state together. Pure: it is
 * shown every {@link Step} of its members (whose machines run with a {@link GroupMembership}) and
 * answers with {@link GroupAction}s; it never reads a clock and holds no machine.
 *
 * <p>The rules, each read in keepalived v2.2.7 vrrp_sync.c, vrrp_scheduler.c, vrrp_track.c and
 * vrrp_notify.c, and watched live with keepalived 2.2.7 in network namespaces:
 * <ul>
 *   <li><b>Fault</b> ({@code down_instance}, {@code vrrp_sync_fault}): the first member with a
 *       fault of its own takes the group to FAULT; every other member goes FAULT, a master
 *       sending one priority 0 advert.</li>
 *   <li><b>Fault cleared</b> ({@code try_up_instance}, {@code vrrp_sync_backup}): the group
 *       leaves FAULT only when no member has a fault of its own; then every member goes BACKUP
 *       with a full Master_Down_Interval.</li>
 *   <li><b>Master</b> ({@code vrrp_sync_can_goto_master}, {@code vrrp_sync_master}): a member
 *       whose Master_Down_Timer fired goes MASTER only if the group is MASTER or every other
 *       member wants MASTER too (its own timer fired, or it is MASTER); then every member goes
 *       MASTER. Otherwise it waits in BACKUP, "prefer backup state to avoid thrashing".</li>
 *   <li><b>Backup</b> ({@code vrrp_sync_backup}): a member that leaves MASTER for BACKUP on its
 *       own (a higher-priority advert) takes every other member to BACKUP, without priority 0.</li>
 *   <li><b>Notify</b> ({@code send_group_notifies}): on every change of the group's state, after
 *       the members' own notifications; at start-up the group notifies BACKUP or FAULT; after
 *       the last member stops, STOP.</li>
 * </ul>
 * Not thread-safe: the control loop owns it, like the machines.
 */
public final class SyncGroup {
    private final String name;
    private final GroupMembership membership;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private GroupState state = GroupState.INIT;
    private int faulty;

    /** What the group knows of one member, all learnt from its steps. */
    private static final class Member {
        final String name;
        GroupState state = GroupState.INIT;
        boolean wantsMaster;
        TransitionCause wantCause;
        boolean faulty;

        Member(String name) {
            this.name = name;
        }

        /** keepalived {@code wantstate == VRRP_STATE_MAST}. */
        boolean wantsMasterOrIs() {
            return state == GroupState.MASTER || (state == GroupState.BACKUP && wantsMaster);
        }
    }

    /**
     * @param membership what its members' machines run with ({@link GroupMembership#of}); in a
     *                   group of address owners every member wants MASTER from start-up on
     */
    public SyncGroup(String name, List<String> memberNames, GroupMembership membership) {
        this.name = Objects.requireNonNull(name, "name");
        this.membership = Objects.requireNonNull(membership, "membership");
        if (membership == GroupMembership.NONE) {
            throw new IllegalArgumentException("sync group " + name + " with membership NONE");
        }
        for (String m : memberNames) {
            if (members.putIfAbsent(m, new Member(m)) != null) {
                throw new IllegalArgumentException("sync group " + name + " lists " + m + " twice");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("sync group " + name + " has no member");
        }
    }

    public String name() {
        return name;
    }

    public List<String> members() {
        return List.copyOf(members.keySet());
    }

    public GroupState state() {
        return state;
    }

    /**
     * Reacts to one step of {@code member}: the actions to perform, in order. Feeding a
     * {@link Feed} to its member produces a step that must be shown here too (it asks for
     * nothing more, as the group is already in the state the feed moves the member to).
     */
    public List<GroupAction> react(String member, Step step) {
        Member m = members.get(member);
        if (m == null) {
            throw new IllegalArgumentException(member + " is not in sync group " + name);
        }
        List<GroupAction> out = new ArrayList<>();
        for (Action a : step.actions()) {
            switch (a) {
                case Transition t -> transitioned(m, t, out);
                case WantsMaster w -> wantsMaster(m, w.cause(), out);
                case WantsBackup _ -> m.wantsMaster = false;
                case OwnFaultChanged f -> ownFault(m, f.faulty(), out);
                default -> {}
            }
        }
        return List.copyOf(out);
    }

    private void transitioned(Member m, Transition t, List<GroupAction> out) {
        GroupState from = m.state;
        m.state = kind(t.to());
        m.wantsMaster = false;
        if (from == GroupState.INIT && m.state == GroupState.BACKUP && membership == GroupMembership.MEMBER_OF_OWNER_GROUP) {
            // keepalived: an owner's wantstate is MASTER from the configuration on.
            m.wantsMaster = true;
            m.wantCause = TransitionCause.STARTUP_ADDRESS_OWNER;
        }
        if (state == GroupState.INIT || state == GroupState.STOP) {
            if (from == GroupState.INIT && m.state != GroupState.INIT) {
                // keepalived vrrp_init_state: a group in BACKUP or FAULT notifies at start-up.
                move(m.state, m, out, () -> {});
            }
        } else if (from == GroupState.MASTER && m.state == GroupState.BACKUP && t.cause() != TransitionCause.SYNC_GROUP
                && state != GroupState.BACKUP) {
            // keepalived vrrp_sync_backup (VRRP_TSM MASTER -> BACKUP).
            move(GroupState.BACKUP, m, out, () -> feedOthers(m, GroupState.BACKUP, out));
        } else if (m.state == GroupState.INIT && members.values().stream().allMatch(x -> x.state == GroupState.INIT)) {
            // keepalived notify_shutdown: the members' STOP, then the group's.
            move(GroupState.STOP, m, out, () -> {});
        }
    }

    /** keepalived {@code vrrp_sync_can_goto_master} and {@code vrrp_sync_master}. */
    private void wantsMaster(Member m, TransitionCause cause, List<GroupAction> out) {
        m.wantsMaster = true;
        m.wantCause = cause;
        if (state == GroupState.MASTER) {
            out.add(new Feed(m.name, new Event.SyncedTo(GroupState.MASTER, cause)));
            return;
        }
        boolean othersWant = members.values().stream().filter(x -> x != m).allMatch(Member::wantsMasterOrIs);
        if (!othersWant) {
            return;   // keepalived: "prefer backup state to avoid thrashing"; m's timer restarted
        }
        move(GroupState.MASTER, m, out, () -> {
            out.add(new Feed(m.name, new Event.SyncedTo(GroupState.MASTER, cause)));
            for (Member x : members.values()) {
                if (x != m && x.state == GroupState.BACKUP) {
                    out.add(new Feed(x.name, new Event.SyncedTo(GroupState.MASTER,
                            x.wantsMaster ? x.wantCause : TransitionCause.SYNC_GROUP)));
                }
            }
        });
    }

    /** keepalived {@code down_instance} with {@code vrrp_sync_fault}, and {@code try_up_instance}. */
    private void ownFault(Member m, boolean raised, List<GroupAction> out) {
        if (raised == m.faulty) {
            return;
        }
        m.faulty = raised;
        faulty += raised ? 1 : -1;
        if (raised && state != GroupState.FAULT) {
            move(GroupState.FAULT, m, out, () -> feedOthers(m, GroupState.FAULT, out));
        } else if (!raised && faulty == 0 && state == GroupState.FAULT) {
            move(GroupState.BACKUP, m, out, () -> {
                out.add(new Feed(m.name, new Event.SyncedTo(GroupState.BACKUP, TransitionCause.FAULT_CLEARED)));
                feedOthers(m, GroupState.BACKUP, out);
            });
        } else if (!raised && faulty == 0) {
            // Not running (before start-up, after a stop): members only forget the group's hold.
            for (Member x : members.values()) {
                out.add(new Feed(x.name, new Event.SyncedTo(GroupState.BACKUP,
                        x == m ? TransitionCause.FAULT_CLEARED : TransitionCause.SYNC_GROUP)));
            }
        }
    }

    /** Every member but {@code m} that is not in {@code target} goes there. */
    private void feedOthers(Member m, GroupState target, List<GroupAction> out) {
        for (Member x : members.values()) {
            if (x != m && x.state != target) {
                out.add(new Feed(x.name, new Event.SyncedTo(target, TransitionCause.SYNC_GROUP)));
            }
        }
    }

    /** The group's own transition: logged first, then the members' moves, then the group's notify. */
    private void move(GroupState to, Member by, List<GroupAction> out, Runnable members) {
        GroupState from = state;
        out.add(new GroupTransition(from, to, by.name));
        state = to;
        members.run();
        out.add(new GroupNotify(from, to));
    }

    private static GroupState kind(InstanceState s) {
        return switch (s) {
            case InstanceState.Initialize _ -> GroupState.INIT;
            case InstanceState.Backup _ -> GroupState.BACKUP;
            case InstanceState.Master _ -> GroupState.MASTER;
            case InstanceState.Fault _ -> GroupState.FAULT;
        };
    }
}
