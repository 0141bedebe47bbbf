package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.Action.OwnFaultChanged;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.Action.WantsBackup;
import io.tandem.vrrp.Action.WantsMaster;
import io.tandem.vrrp.GroupAction.Feed;
import io.tandem.vrrp.GroupAction.GroupNotify;
import io.tandem.vrrp.GroupAction.GroupTransition;
import io.tandem.vrrp.InstanceState.Backup;
import io.tandem.vrrp.InstanceState.Fault;
import io.tandem.vrrp.InstanceState.Initialize;
import io.tandem.vrrp.InstanceState.Master;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The coordinator alone, one test per keepalived 2.2.7 rule (vrrp_sync.c, vrrp_scheduler.c,
 * vrrp_track.c, vrrp_notify.c), with members' steps written by hand.
 */
class SyncGroupTest {
    private static final InstanceState INIT = new Initialize();
    private static final InstanceState BACKUP = new Backup(0, 1, OptionalLong.empty(), TransitionCause.MASTER_DOWN);
    private static final InstanceState MASTER = new Master(0, OptionalLong.empty(), OptionalLong.empty());
    private static final InstanceState FAULT = new Fault();

    private final SyncGroup g = new SyncGroup("G", List.of("A", "B", "C"), GroupMembership.MEMBER);

    private static Step step(Action... actions) {
        return new Step(BACKUP, List.of(actions), OptionalLong.empty());
    }

    private static Step moved(InstanceState from, InstanceState to, TransitionCause cause, Action... more) {
        List<Action> all = new java.util.ArrayList<>();
        all.add(new Transition(from, to, cause));
        all.addAll(List.of(more));
        return new Step(to, all, OptionalLong.empty());
    }

    private static Feed feed(String member, GroupState target, TransitionCause cause) {
        return new Feed(member, new Event.SyncedTo(target, cause));
    }

    private void startAll(SyncGroup group) {
        for (String m : group.members()) {
            group.react(m, moved(INIT, BACKUP, TransitionCause.STARTUP));
        }
    }

    /** All three members MASTER, through the group. */
    private void allMaster() {
        startAll(g);
        g.react("A", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        g.react("B", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        for (GroupAction a : g.react("C", step(new WantsMaster(TransitionCause.MASTER_DOWN)))) {
            if (a instanceof Feed f) {
                g.react(f.member(), moved(BACKUP, MASTER, f.event().cause()));
            }
        }
        assertThat(g.state()).isEqualTo(GroupState.MASTER);
    }

    // --- start-up (vrrp_init_state: groups in BACKUP or FAULT notify) ----------------------------

    @Test
    void theFirstMemberToStartTakesTheGroupToBackupAndNotifiesOnce() {
        assertThat(g.react("A", moved(INIT, BACKUP, TransitionCause.STARTUP))).containsExactly(
                new GroupTransition(GroupState.INIT, GroupState.BACKUP, "A"),
                new GroupNotify(GroupState.INIT, GroupState.BACKUP));
        assertThat(g.react("B", moved(INIT, BACKUP, TransitionCause.STARTUP))).isEmpty();
        assertThat(g.state()).isEqualTo(GroupState.BACKUP);
    }

    @Test
    void aFaultBeforeStartUpHoldsEveryOtherMemberInFault() {
        assertThat(g.react("B", step(new OwnFaultChanged(true)))).containsExactly(
                new GroupTransition(GroupState.INIT, GroupState.FAULT, "B"),
                feed("A", GroupState.FAULT, TransitionCause.SYNC_GROUP),
                feed("C", GroupState.FAULT, TransitionCause.SYNC_GROUP),
                new GroupNotify(GroupState.INIT, GroupState.FAULT));
        assertThat(g.react("A", moved(INIT, FAULT, TransitionCause.STARTUP_IN_FAULT))).isEmpty();
    }

    // --- MASTER: vrrp_sync_can_goto_master, vrrp_sync_master -------------------------------------

    @Test
    void aMemberThatWantsMasterWaitsWhileAnotherDoesNot() {
        startAll(g);
        assertThat(g.react("A", step(new WantsMaster(TransitionCause.MASTER_DOWN)))).isEmpty();
        assertThat(g.react("B", step(new WantsMaster(TransitionCause.PREEMPT)))).isEmpty();
        assertThat(g.state()).isEqualTo(GroupState.BACKUP);
    }

    @Test
    void whenTheLastMemberWantsMasterEveryMemberGoesMasterWithItsOwnReason() {
        startAll(g);
        g.react("A", step(new WantsMaster(TransitionCause.MASTER_STOPPED)));
        g.react("B", step(new WantsMaster(TransitionCause.PREEMPT)));
        assertThat(g.react("C", step(new WantsMaster(TransitionCause.MASTER_DOWN)))).containsExactly(
                new GroupTransition(GroupState.BACKUP, GroupState.MASTER, "C"),
                feed("C", GroupState.MASTER, TransitionCause.MASTER_DOWN),
                feed("A", GroupState.MASTER, TransitionCause.MASTER_STOPPED),
                feed("B", GroupState.MASTER, TransitionCause.PREEMPT),
                new GroupNotify(GroupState.BACKUP, GroupState.MASTER));
        assertThat(g.state()).isEqualTo(GroupState.MASTER);
    }

    @Test
    void aMemberThatHearsAMasterAgainNoLongerWantsMaster() {
        startAll(g);
        g.react("A", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        g.react("B", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        g.react("A", step(new WantsBackup()));
        assertThat(g.react("C", step(new WantsMaster(TransitionCause.MASTER_DOWN)))).isEmpty();
    }

    @Test
    void aMemberInFaultNeverWantsMaster() {
        startAll(g);
        g.react("A", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        g.react("B", step(new WantsMaster(TransitionCause.MASTER_DOWN)));
        g.react("C", moved(BACKUP, FAULT, TransitionCause.FAULT, new OwnFaultChanged(true)));
        assertThat(g.react("A", step(new WantsMaster(TransitionCause.MASTER_DOWN)))).isEmpty();
    }

    @Test
    void aMasterGroupLetsAMemberThatWantsMasterGoAlone() {
        allMaster();
        assertThat(g.react("B", step(new WantsMaster(TransitionCause.MASTER_DOWN))))
                .containsExactly(feed("B", GroupState.MASTER, TransitionCause.MASTER_DOWN));
    }

    @Test
    void aGroupOfAddressOwnersWantsMasterFromStartUp() {
        SyncGroup owners = new SyncGroup("O", List.of("A", "B"), GroupMembership.MEMBER_OF_OWNER_GROUP);
        startAll(owners);
        assertThat(owners.react("A", step(new WantsMaster(TransitionCause.STARTUP_ADDRESS_OWNER)))).containsExactly(
                new GroupTransition(GroupState.BACKUP, GroupState.MASTER, "A"),
                feed("A", GroupState.MASTER, TransitionCause.STARTUP_ADDRESS_OWNER),
                feed("B", GroupState.MASTER, TransitionCause.STARTUP_ADDRESS_OWNER),
                new GroupNotify(GroupState.BACKUP, GroupState.MASTER));
    }

    // --- BACKUP: vrrp_sync_backup (VRRP_TSM MASTER -> BACKUP) ------------------------------------

    @Test
    void aMasterThatStepsDownTakesEveryOtherMemberToBackup() {
        allMaster();
        assertThat(g.react("B", moved(MASTER, BACKUP, TransitionCause.HIGHER_PRIORITY))).containsExactly(
                new GroupTransition(GroupState.MASTER, GroupState.BACKUP, "B"),
                feed("A", GroupState.BACKUP, TransitionCause.SYNC_GROUP),
                feed("C", GroupState.BACKUP, TransitionCause.SYNC_GROUP),
                new GroupNotify(GroupState.MASTER, GroupState.BACKUP));
    }

    @Test
    void aMemberMovedByTheGroupMovesNobodyElse() {
        allMaster();
        g.react("B", moved(MASTER, BACKUP, TransitionCause.HIGHER_PRIORITY));
        assertThat(g.react("A", moved(MASTER, BACKUP, TransitionCause.SYNC_GROUP))).isEmpty();
        assertThat(g.react("C", moved(MASTER, BACKUP, TransitionCause.SYNC_GROUP))).isEmpty();
        assertThat(g.state()).isEqualTo(GroupState.BACKUP);
    }

    // --- FAULT: down_instance / vrrp_sync_fault, try_up_instance ---------------------------------

    @Test
    void oneMemberWithAFaultTakesTheWholeGroupToFault() {
        allMaster();
        assertThat(g.react("C", moved(MASTER, FAULT, TransitionCause.FAULT, new OwnFaultChanged(true)))).containsExactly(
                new GroupTransition(GroupState.MASTER, GroupState.FAULT, "C"),
                feed("A", GroupState.FAULT, TransitionCause.SYNC_GROUP),
                feed("B", GroupState.FAULT, TransitionCause.SYNC_GROUP),
                new GroupNotify(GroupState.MASTER, GroupState.FAULT));
    }

    @Test
    void theGroupLeavesFaultOnlyWhenNoMemberHasAFault() {
        startAll(g);
        g.react("A", moved(BACKUP, FAULT, TransitionCause.FAULT, new OwnFaultChanged(true)));
        g.react("B", moved(BACKUP, FAULT, TransitionCause.SYNC_GROUP));
        g.react("C", moved(BACKUP, FAULT, TransitionCause.SYNC_GROUP));
        assertThat(g.react("B", step(new OwnFaultChanged(true)))).as("B held, then its own fault too").isEmpty();
        assertThat(g.react("A", step(new OwnFaultChanged(false)))).as("B still faulty").isEmpty();
        assertThat(g.state()).isEqualTo(GroupState.FAULT);
        assertThat(g.react("B", step(new OwnFaultChanged(false)))).containsExactly(
                new GroupTransition(GroupState.FAULT, GroupState.BACKUP, "B"),
                feed("B", GroupState.BACKUP, TransitionCause.FAULT_CLEARED),
                feed("A", GroupState.BACKUP, TransitionCause.SYNC_GROUP),
                feed("C", GroupState.BACKUP, TransitionCause.SYNC_GROUP),
                new GroupNotify(GroupState.FAULT, GroupState.BACKUP));
    }

    @Test
    void repeatedFaultReportsCountOnce() {
        startAll(g);
        g.react("A", step(new OwnFaultChanged(true)));
        assertThat(g.react("A", step(new OwnFaultChanged(true)))).isEmpty();
        assertThat(g.react("A", step(new OwnFaultChanged(false))))
                .first().isEqualTo(new GroupTransition(GroupState.FAULT, GroupState.BACKUP, "A"));
        assertThat(g.state()).isEqualTo(GroupState.BACKUP);
    }

    // --- STOP: notify_shutdown ------------------------------------------------------------------

    @Test
    void theGroupNotifiesStopAfterItsLastMemberStops() {
        allMaster();
        assertThat(g.react("A", moved(MASTER, INIT, TransitionCause.SHUTDOWN))).as("no BACKUP sync on shutdown").isEmpty();
        assertThat(g.react("B", moved(MASTER, INIT, TransitionCause.SHUTDOWN))).isEmpty();
        assertThat(g.react("C", moved(MASTER, INIT, TransitionCause.SHUTDOWN))).containsExactly(
                new GroupTransition(GroupState.MASTER, GroupState.STOP, "C"),
                new GroupNotify(GroupState.MASTER, GroupState.STOP));
    }

    // --- misuse ---------------------------------------------------------------------------------

    @Test
    void stepsOfStrangersAndBadGroupsAreRejected() {
        assertThatThrownBy(() -> g.react("X", step())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncGroup("G", List.of("A", "A"), GroupMembership.MEMBER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncGroup("G", List.of(), GroupMembership.MEMBER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncGroup("G", List.of("A"), GroupMembership.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Event.SyncedTo(GroupState.STOP, TransitionCause.SYNC_GROUP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
