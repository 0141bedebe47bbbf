package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.Action.AddVips;
import io.tandem.vrrp.Action.CancelGratuitousArp;
import io.tandem.vrrp.Action.Notify;
import io.tandem.vrrp.Action.OwnFaultChanged;
import io.tandem.vrrp.Action.RemoveVips;
import io.tandem.vrrp.Action.SendAdvert;
import io.tandem.vrrp.Action.SendGratuitousArp;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.Action.WantsBackup;
import io.tandem.vrrp.Action.WantsMaster;
import io.tandem.vrrp.InstanceState.Backup;
import io.tandem.vrrp.InstanceState.Fault;
import io.tandem.vrrp.InstanceState.Master;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The machine of a vrrp_sync_group member: keepalived's wantstate, and the moves its group makes. */
class SyncMemberMachineTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long MDI_100 = 3 * S + 609_375_000L;
    private static final long SKEW_255 = 3_906_250L;
    private static final InstanceSettings V3 = InstanceSettings.defaults(ProtocolVersion.V3, Addresses.of(10, 0, 0, 5));

    private static VrrpInstanceMachine member(InstanceSettings settings) {
        VrrpInstanceMachine m = new VrrpInstanceMachine(settings, GroupMembership.MEMBER);
        m.handle(new Event.Startup(), 0);
        return m;
    }

    private static Step synced(VrrpInstanceMachine m, GroupState target, TransitionCause cause, long now) {
        return m.handle(new Event.SyncedTo(target, cause), now);
    }

    private static Step receive(VrrpInstanceMachine m, int priority, long now) {
        return m.handle(new Event.AdvertReceived(new PeerAdvert(priority, Addresses.of(10, 0, 0, 9), Duration.ofSeconds(1))), now);
    }

    /** A member the group made MASTER at {@code MDI_100}. */
    private static VrrpInstanceMachine masterMember() {
        VrrpInstanceMachine m = member(V3);
        m.handle(new Event.TimerFired(), MDI_100);
        synced(m, GroupState.MASTER, TransitionCause.MASTER_DOWN, MDI_100);
        assertThat(m.state()).isInstanceOf(Master.class);
        return m;
    }

    // --- start-up (keepalived vrrp_complete_init, vrrp_init_state) ----------------------------------

    @Test
    void stateMasterInASyncGroupWaitsTheFullMasterDownInterval() {
        // live: keepalived 2.2.7, two members with state MASTER, priority 100: MASTER after 3.67 s
        Step step = new VrrpInstanceMachine(V3.withInitialState(InitialState.MASTER), GroupMembership.MEMBER)
                .handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(MDI_100);
    }

    @Test
    void anOwnerInAGroupWithNonOwnersDoesNotGoMasterAtOnce() {
        Step step = new VrrpInstanceMachine(V3.withPriority(255), GroupMembership.MEMBER).handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(3 * S + SKEW_255);
    }

    @Test
    void aGroupOfOwnersWaitsOneIntervalPlusTheSmallestSkewThenWantsMaster() {
        // live: keepalived 2.2.7, two members at priority 255 without a state keyword: MASTER after 1.04 s
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3.withPriority(255), GroupMembership.MEMBER_OF_OWNER_GROUP);
        Step step = m.handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(S + SKEW_255);
        assertThat(m.handle(new Event.TimerFired(), S + SKEW_255).actions())
                .containsExactly(new WantsMaster(TransitionCause.STARTUP_ADDRESS_OWNER));
    }

    @Test
    void aMemberHeldInFaultBeforeStartUpStartsInFault() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3, GroupMembership.MEMBER);
        assertThat(synced(m, GroupState.FAULT, TransitionCause.SYNC_GROUP, 0).actions()).isEmpty();
        Step step = m.handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Fault.class);
        assertThat(step.actions().getFirst()).isEqualTo(new Transition(new InstanceState.Initialize(), new Fault(),
                TransitionCause.STARTUP_IN_FAULT));
    }

    // --- wantstate MASTER (vrrp_goto_master, vrrp_sync_can_goto_master, vrrp_state_backup) -------------

    @Test
    void whenMasterDownTimerFiresAMemberOnlySaysItWantsMasterAndWaitsAnotherInterval() {
        VrrpInstanceMachine m = member(V3);
        Step step = m.handle(new Event.TimerFired(), MDI_100);
        assertThat(step.actions()).containsExactly(new WantsMaster(TransitionCause.MASTER_DOWN));
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(2 * MDI_100);
        assertThat(m.handle(new Event.TimerFired(), 2 * MDI_100).actions()).as("asks again, as keepalived does")
                .containsExactly(new WantsMaster(TransitionCause.MASTER_DOWN));
    }

    @Test
    void aMemberThatWantsMasterWantsBackupAgainWhenItAcceptsAnAdvert() {
        VrrpInstanceMachine m = member(V3);
        m.handle(new Event.TimerFired(), MDI_100);
        assertThat(receive(m, 0, MDI_100 + MS).actions()).as("priority 0 changes nothing").isEmpty();
        assertThat(receive(m, 150, MDI_100 + 2 * MS).actions()).containsExactly(new WantsBackup());
        assertThat(receive(m, 150, MDI_100 + 3 * MS).actions()).as("said once").isEmpty();
    }

    @Test
    void aPreemptingMemberKeepsWantingMasterWhileItDiscardsLowerAdverts() {
        VrrpInstanceMachine m = member(V3);
        receive(m, 50, S);   // discarded: preempt
        Step fired = m.handle(new Event.TimerFired(), MDI_100);
        assertThat(fired.actions()).containsExactly(new WantsMaster(TransitionCause.PREEMPT));
        assertThat(receive(m, 50, MDI_100 + S).actions()).isEmpty();
    }

    // --- moves made by the group ------------------------------------------------------------------------

    @Test
    void syncedToMasterTheMemberTakesOverWithTheReasonGiven() {
        VrrpInstanceMachine m = member(V3);
        m.handle(new Event.TimerFired(), MDI_100);
        Step step = synced(m, GroupState.MASTER, TransitionCause.MASTER_DOWN, MDI_100);
        assertThat(step.actions()).containsExactly(
                new Transition(new Backup(2 * MDI_100, S, java.util.OptionalLong.empty(), TransitionCause.MASTER_DOWN),
                        step.state(), TransitionCause.MASTER_DOWN),
                new SendAdvert(100), new AddVips(), new SendGratuitousArp(5),
                new Notify(new Backup(2 * MDI_100, S, java.util.OptionalLong.empty(), TransitionCause.MASTER_DOWN),
                        step.state(), TransitionCause.MASTER_DOWN));
        assertThat(synced(m, GroupState.MASTER, TransitionCause.SYNC_GROUP, MDI_100).actions()).as("already MASTER").isEmpty();
    }

    @Test
    void syncedToBackupAMasterLeavesWithoutPriorityZero() {
        VrrpInstanceMachine m = masterMember();
        Step step = synced(m, GroupState.BACKUP, TransitionCause.SYNC_GROUP, 5 * S);
        assertThat(step.actions()).extracting(Object::getClass).containsExactly(Transition.class,
                CancelGratuitousArp.class, RemoveVips.class, Notify.class);
        assertThat(step.deadline()).hasValue(5 * S + MDI_100);
    }

    @Test
    void syncedToFaultAMasterSendsPriorityZeroOnceAndReleases() {
        VrrpInstanceMachine m = masterMember();
        Step step = synced(m, GroupState.FAULT, TransitionCause.SYNC_GROUP, 5 * S);
        assertThat(step.state()).isInstanceOf(Fault.class);
        assertThat(step.actions()).extracting(Object::getClass).containsExactly(Transition.class, SendAdvert.class,
                CancelGratuitousArp.class, RemoveVips.class, Notify.class);
        assertThat(step.actions().get(1)).isEqualTo(new SendAdvert(Priority.STOP));
        assertThat(step.deadline()).isEmpty();
    }

    @Test
    void aBackupSyncedToFaultSendsNothingAndComesBackWhenTheGroupSays() {
        VrrpInstanceMachine m = member(V3);
        Step step = synced(m, GroupState.FAULT, TransitionCause.SYNC_GROUP, S);
        assertThat(step.actions()).extracting(Object::getClass).containsExactly(Transition.class, Notify.class);
        assertThat(synced(m, GroupState.MASTER, TransitionCause.SYNC_GROUP, 2 * S).actions()).as("never MASTER from FAULT").isEmpty();
        Step back = synced(m, GroupState.BACKUP, TransitionCause.SYNC_GROUP, 3 * S);
        assertThat(back.state()).isInstanceOf(Backup.class);
        assertThat(back.deadline()).hasValue(3 * S + MDI_100);
    }

    // --- own faults (down_instance, try_up_instance) -------------------------------------------------------

    @Test
    void aMembersOwnFaultIsReportedAndItLeavesFaultOnlyWhenTheGroupSays() {
        VrrpInstanceMachine m = masterMember();
        Step down = m.handle(new Event.FaultRaised(), 5 * S);
        assertThat(down.state()).isInstanceOf(Fault.class);
        assertThat(down.actions()).extracting(Object::getClass).containsExactly(Transition.class, OwnFaultChanged.class,
                SendAdvert.class, CancelGratuitousArp.class, RemoveVips.class, Notify.class);
        assertThat(down.actions()).contains(new OwnFaultChanged(true), new SendAdvert(Priority.STOP));

        Step cleared = m.handle(new Event.FaultCleared(), 6 * S);
        assertThat(cleared.actions()).containsExactly(new OwnFaultChanged(false));
        assertThat(cleared.state()).isInstanceOf(Fault.class);
        Step up = synced(m, GroupState.BACKUP, TransitionCause.FAULT_CLEARED, 6 * S);
        assertThat(up.actions().getFirst()).isEqualTo(new Transition(new Fault(), up.state(), TransitionCause.FAULT_CLEARED));
    }

    @Test
    void aMemberWithItsOwnFaultStaysInFaultWhateverTheGroupSays() {
        VrrpInstanceMachine m = member(V3);
        m.handle(new Event.FaultRaised(), S);
        assertThat(synced(m, GroupState.BACKUP, TransitionCause.SYNC_GROUP, 2 * S).actions()).isEmpty();
        assertThat(synced(m, GroupState.MASTER, TransitionCause.SYNC_GROUP, 2 * S).actions()).isEmpty();
        assertThat(m.state()).isInstanceOf(Fault.class);
    }

    @Test
    void aFaultBeforeStartUpIsReportedToo() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3, GroupMembership.MEMBER);
        assertThat(m.handle(new Event.FaultRaised(), 0).actions()).containsExactly(new OwnFaultChanged(true));
    }

    @Test
    void anInstanceOutsideAnyGroupRefusesGroupMoves() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        m.handle(new Event.Startup(), 0);
        assertThatThrownBy(() -> synced(m, GroupState.MASTER, TransitionCause.SYNC_GROUP, S))
                .isInstanceOf(IllegalStateException.class);
        assertThat(m.handle(new Event.TimerFired(), MDI_100).state()).as("alone it takes over by itself")
                .isInstanceOf(Master.class);
    }
}
