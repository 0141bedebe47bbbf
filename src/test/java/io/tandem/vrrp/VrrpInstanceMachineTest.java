package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.Action.AddVips;
import io.tandem.vrrp.Action.CancelGratuitousArp;
import io.tandem.vrrp.Action.EffectivePriorityChanged;
import io.tandem.vrrp.Action.Notify;
import io.tandem.vrrp.Action.RemoveVips;
import io.tandem.vrrp.Action.SendAdvert;
import io.tandem.vrrp.Action.SendGratuitousArp;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.InstanceState.Backup;
import io.tandem.vrrp.InstanceState.Fault;
import io.tandem.vrrp.InstanceState.Initialize;
import io.tandem.vrrp.InstanceState.Master;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * One scenario per rule of RFC 5798 §6.4 (RFC 3768 §6.4 for v2) and per keepalived behaviour
 * the machine copies, with fake time in nanoseconds.
 */
class VrrpInstanceMachineTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** Skew_Time and Master_Down_Interval at 1 s for priority 100, 150, 200, 255 (RFC 5798 §6.1). */
    private static final long SKEW_100 = 609_375_000L;
    private static final long MDI_100 = 3 * S + SKEW_100;
    private static final long SKEW_200 = 218_750_000L;
    private static final long MDI_200 = 3 * S + SKEW_200;
    private static final long SKEW_255 = 3_906_250L;

    private static final InstanceSettings V3 = InstanceSettings.defaults(ProtocolVersion.V3, Addresses.of(10, 0, 0, 5));

    private static PeerAdvert advert(int priority, int lastOctet) {
        return new PeerAdvert(priority, Addresses.of(10, 0, 0, lastOctet), Duration.ofSeconds(1));
    }

    private static Step receive(VrrpInstanceMachine m, PeerAdvert advert, long now) {
        return m.handle(new Event.AdvertReceived(advert), now);
    }

    private static Step tick(VrrpInstanceMachine m, long now) {
        return m.handle(new Event.TimerFired(), now);
    }

    private static VrrpInstanceMachine started(InstanceSettings settings) {
        VrrpInstanceMachine m = new VrrpInstanceMachine(settings);
        m.handle(new Event.Startup(), 0);
        return m;
    }

    /** A machine that became master at {@code 0 + masterDown}. */
    private static VrrpInstanceMachine master(InstanceSettings settings) {
        VrrpInstanceMachine m = started(settings);
        tick(m, m.deadline().getAsLong());
        assertThat(m.state()).isInstanceOf(Master.class);
        return m;
    }

    private static List<Class<?>> kinds(Step step) {
        return step.actions().stream().<Class<?>>map(Object::getClass).toList();
    }

    // --- RFC 5798 §6.4.1 Initialize -----------------------------------------------------------------

    @Test
    void startupGoesBackupWithTheFullMasterDownTimer() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(MDI_100);
        assertThat(step.actions()).containsExactly(
                new Transition(new Initialize(), step.state(), TransitionCause.STARTUP),
                new Notify(new Initialize(), step.state(), TransitionCause.STARTUP));
    }

    @Test
    void theAddressOwnerGoesMasterAtOnce() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3.withPriority(255));
        Step step = m.handle(new Event.Startup(), 7 * S);
        assertThat(step.state()).isInstanceOf(Master.class);
        assertThat(step.actions()).containsExactly(
                new Transition(new Initialize(), step.state(), TransitionCause.STARTUP_ADDRESS_OWNER),
                new SendAdvert(255), new AddVips(), new SendGratuitousArp(5),
                new Notify(new Initialize(), step.state(), TransitionCause.STARTUP_ADDRESS_OWNER));
        assertThat(step.deadline()).hasValue(8 * S);
    }

    @Test
    void anOwnerWithStateBackupWaitsTheFullMasterDownInterval() {
        // keepalived vrrp_init_state: the owner's shortcut needs wantstate MASTER.
        Step step = new VrrpInstanceMachine(V3.withPriority(255).withInitialState(InitialState.BACKUP))
                .handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(3 * S + SKEW_255);
    }

    @Test
    void stateMasterOnANonOwnerStartsLikeAnyBackup() {
        // keepalived 2.2.7 outside a sync group: full Master_Down_Interval (3.63 s live at priority 100).
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3.withInitialState(InitialState.MASTER));
        Step step = m.handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.deadline()).hasValue(MDI_100);
        assertThat(receive(m, advert(100, 9), 500 * MS).deadline()).hasValue(500 * MS + MDI_100);
        assertThat(receive(m, advert(50, 9), 1500 * MS).deadline()).as("preempt is forced on: discarded")
                .hasValue(500 * MS + MDI_100);
    }

    @Test
    void startupWithAFaultGoesToFault() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        assertThat(m.handle(new Event.FaultRaised(), 0).actions()).isEmpty();
        Step step = m.handle(new Event.Startup(), 0);
        assertThat(step.state()).isInstanceOf(Fault.class);
        assertThat(step.deadline()).isEmpty();
        assertThat(m.handle(new Event.FaultCleared(), 2 * S).deadline()).hasValue(2 * S + MDI_100);
    }

    @Test
    void startupTwiceIsABug() {
        VrrpInstanceMachine m = started(V3);
        assertThatThrownBy(() -> m.handle(new Event.Startup(), 1)).isInstanceOf(IllegalStateException.class);
    }

    // --- RFC 5798 §6.4.2 Backup ----------------------------------------------------------------------

    @Test
    void masterDownTimerMakesTheBackupMaster() {
        VrrpInstanceMachine m = started(V3);
        assertThat(tick(m, MDI_100 - 1).actions()).as("not yet due").isEmpty();
        Step step = tick(m, MDI_100);
        assertThat(step.state()).isInstanceOf(Master.class);
        assertThat(kinds(step)).containsExactly(Transition.class, SendAdvert.class, AddVips.class,
                SendGratuitousArp.class, Notify.class);
        assertThat(((Transition) step.actions().getFirst()).cause()).isEqualTo(TransitionCause.MASTER_DOWN);
        assertThat(step.actions().get(1)).isEqualTo(new SendAdvert(100));
        assertThat(step.deadline()).hasValue(MDI_100 + S);
    }

    @Test
    void priorityZeroMakesTheBackupWaitOnlySkewTime() {
        VrrpInstanceMachine m = started(V3);
        receive(m, advert(150, 9), 1 * S);
        Step step = receive(m, advert(0, 9), 2 * S);
        assertThat(step.deadline()).as("Skew_Time, not Master_Down_Interval").hasValue(2 * S + SKEW_100);
        Step takeover = tick(m, 2 * S + SKEW_100);
        assertThat(takeover.state()).isInstanceOf(Master.class);
        assertThat(takeover.actions().getFirst())
                .isEqualTo(new Transition(((Transition) takeover.actions().getFirst()).from(), takeover.state(),
                        TransitionCause.MASTER_STOPPED));
    }

    @Test
    void theSoleBackupTakesOverAtOnceOnPriorityZero() {
        VrrpInstanceMachine m = started(V3.withSoleBackup(true));
        receive(m, advert(150, 9), 1 * S);
        Step step = receive(m, advert(0, 9), 2 * S);
        assertThat(step.deadline()).as("no Skew_Time: nobody else to let win").hasValue(2 * S);
        assertThat(tick(m, 2 * S).state()).isInstanceOf(Master.class);
    }

    @Test
    void aHigherOrEqualAdvertResetsTheMasterDownTimer() {
        VrrpInstanceMachine m = started(V3);
        assertThat(receive(m, advert(150, 9), 2 * S).deadline()).hasValue(2 * S + MDI_100);
        assertThat(receive(m, advert(100, 1), 4 * S).deadline()).as("equal priority, lower address").hasValue(4 * S + MDI_100);
        assertThat(tick(m, 3 * S + MDI_100).state()).isInstanceOf(Backup.class);
    }

    @Test
    void aLowerAdvertIsDiscardedWithPreemptAndTheBackupTakesOver() {
        VrrpInstanceMachine m = started(V3.withPriority(200));
        for (long t = 1; t <= 3; t++) {
            Step step = receive(m, advert(100, 9), t * S);
            assertThat(step.actions()).isEmpty();
            assertThat(step.deadline()).as("timer keeps running").hasValue(MDI_200);
        }
        Step takeover = tick(m, MDI_200);
        assertThat(takeover.state()).isInstanceOf(Master.class);
        assertThat(((Transition) takeover.actions().getFirst()).cause()).isEqualTo(TransitionCause.PREEMPT);
    }

    @Test
    void nopreemptKeepsALowerPriorityMaster() {
        VrrpInstanceMachine m = started(V3.withPriority(200).withPreempt(false));
        for (long t = 1; t <= 60; t++) {
            Step step = receive(m, advert(100, 9), t * S);
            assertThat(step.deadline()).hasValue(t * S + MDI_200);
            assertThat(tick(m, t * S + S / 2).state()).isInstanceOf(Backup.class);
        }
    }

    @Test
    void preemptDelayAcceptsTheLowerMasterForTheDelayThenPreempts() {
        // keepalived vrrp_state_backup: preempt_time starts at the first lower-priority advert.
        VrrpInstanceMachine m = started(V3.withPriority(200).withPreemptDelay(Duration.ofSeconds(10)));
        for (long t = 1; t <= 10; t++) {
            assertThat(receive(m, advert(100, 9), t * S).deadline()).as("accepted at %d s", t).hasValue(t * S + MDI_200);
        }
        assertThat(((Backup) m.state()).preemptAllowedAt()).hasValue(11 * S);
        for (long t = 11; t <= 13; t++) {
            assertThat(receive(m, advert(100, 9), t * S).deadline()).as("discarded at %d s", t).hasValue(10 * S + MDI_200);
        }
        assertThat(tick(m, 10 * S + MDI_200 - 1).state()).isInstanceOf(Backup.class);
        Step takeover = tick(m, 10 * S + MDI_200);
        assertThat(takeover.state()).isInstanceOf(Master.class);
        assertThat(((Transition) takeover.actions().getFirst()).cause()).isEqualTo(TransitionCause.PREEMPT);
    }

    @Test
    void aHigherAdvertStopsThePreemptDelay() {
        VrrpInstanceMachine m = started(V3.withPriority(200).withPreemptDelay(Duration.ofSeconds(10)));
        receive(m, advert(100, 9), 1 * S);
        assertThat(((Backup) m.state()).preemptAllowedAt()).hasValue(11 * S);
        receive(m, advert(220, 8), 2 * S);
        assertThat(((Backup) m.state()).preemptAllowedAt()).isEmpty();
        receive(m, advert(100, 9), 5 * S);
        assertThat(((Backup) m.state()).preemptAllowedAt()).as("restarted").hasValue(15 * S);
    }

    @Test
    void preemptDelayDoesNotDelayTakeoverFromADeadMaster() {
        VrrpInstanceMachine m = started(V3.withPriority(200).withPreemptDelay(Duration.ofSeconds(30)));
        receive(m, advert(100, 9), 1 * S);
        assertThat(tick(m, S + MDI_200).state()).isInstanceOf(Master.class);
    }

    @Test
    void v3BackupAdoptsTheMastersAdvertInterval() {
        // RFC 5798 §6.4.2: Set Master_Adver_Interval to Adver Interval contained in the ADVERTISEMENT.
        VrrpInstanceMachine m = started(V3);
        Step step = receive(m, new PeerAdvert(150, Addresses.of(10, 0, 0, 9), Duration.ofSeconds(2)), S);
        assertThat(step.deadline()).hasValue(S + 6 * S + 2 * SKEW_100);
        assertThat(((Backup) step.state()).masterAdverIntervalNanos()).isEqualTo(2 * S);
        assertThat(receive(m, advert(0, 9), 3 * S).deadline()).as("skew of the adopted interval").hasValue(3 * S + 2 * SKEW_100);
    }

    @Test
    void v2BackupKeepsItsOwnInterval() {
        InstanceSettings v2 = InstanceSettings.defaults(ProtocolVersion.V2, Addresses.of(10, 0, 0, 5));
        VrrpInstanceMachine m = started(v2);
        Step step = receive(m, new PeerAdvert(150, Addresses.of(10, 0, 0, 9), Duration.ofSeconds(2)), S);
        assertThat(step.deadline()).hasValue(S + MDI_100);
    }

    @Test
    void trackingRaisesPriorityAndTheBackupPreempts() {
        VrrpInstanceMachine m = started(V3);
        receive(m, advert(150, 9), 1 * S);
        Step raise = m.handle(new Event.PriorityChanged(100), 1500 * MS);
        assertThat(raise.actions()).containsExactly(new EffectivePriorityChanged(100, 200));
        assertThat(raise.deadline()).as("timer moved by the change in Skew_Time")
                .hasValue(1 * S + MDI_100 - (SKEW_100 - SKEW_200));
        assertThat(receive(m, advert(150, 9), 2 * S).deadline()).as("150 < 200: discarded").hasValue(S + MDI_200);
        assertThat(receive(m, advert(150, 9), 3 * S).actions()).isEmpty();
        Step takeover = tick(m, S + MDI_200);
        assertThat(takeover.state()).isInstanceOf(Master.class);
        assertThat(takeover.actions()).contains(new SendAdvert(200));
    }

    @Test
    void trackingLowersTheMastersAdvertisedPriority() {
        VrrpInstanceMachine m = master(V3.withPriority(200));
        long next = m.deadline().getAsLong();
        assertThat(m.handle(new Event.PriorityChanged(-150), next - 1).actions())
                .containsExactly(new EffectivePriorityChanged(200, 50));
        assertThat(tick(m, next).actions()).containsExactly(new SendAdvert(50));
    }

    // --- RFC 5798 §6.4.3 Master ----------------------------------------------------------------------

    @Test
    void theMasterAdvertisesEveryInterval() {
        VrrpInstanceMachine m = master(V3.withGarp(new GarpSettings(5, Duration.ZERO, Duration.ZERO, 1)));
        long t = MDI_100;
        for (int i = 1; i <= 8; i++) {
            assertThat(tick(m, t + i * S - 1).actions()).isEmpty();
            assertThat(tick(m, t + i * S).actions()).containsExactly(new SendAdvert(100));
        }
    }

    @Test
    void aTieOnPriorityIsBrokenByTheHigherPrimaryAddress() {
        VrrpInstanceMachine low = master(V3);
        Step yield = receive(low, advert(100, 9), 5 * S);
        assertThat(yield.state()).isInstanceOf(Backup.class);
        assertThat(yield.actions()).containsExactly(
                new Transition(((Transition) yield.actions().getFirst()).from(), yield.state(),
                        TransitionCause.EQUAL_PRIORITY_HIGHER_ADDRESS),
                new CancelGratuitousArp(), new RemoveVips(),
                new Notify(((Transition) yield.actions().getFirst()).from(), yield.state(),
                        TransitionCause.EQUAL_PRIORITY_HIGHER_ADDRESS));
        assertThat(yield.deadline()).hasValue(5 * S + MDI_100);

        VrrpInstanceMachine high = master(V3);
        Step stay = receive(high, advert(100, 4), 5 * S);
        assertThat(stay.state()).isInstanceOf(Master.class);
        assertThat(stay.actions()).as("the winner keeps advertising and re-announces its addresses")
                .containsExactly(new SendAdvert(100), new SendGratuitousArp(5));
    }

    @Test
    void addressesCompareAsUnsignedNumbers() {
        VrrpInstanceMachine m = master(V3);
        Step step = receive(m, new PeerAdvert(100, Addresses.of(192, 168, 0, 1), Duration.ofSeconds(1)), 5 * S);
        assertThat(step.state()).as("192.168.0.1 > 10.0.0.5").isInstanceOf(Backup.class);
    }

    @Test
    void aHigherPriorityMakesTheMasterBackupAdoptingTheInterval() {
        VrrpInstanceMachine m = master(V3);
        Step step = receive(m, new PeerAdvert(150, Addresses.of(10, 0, 0, 1), Duration.ofSeconds(2)), 5 * S);
        assertThat(((Transition) step.actions().getFirst()).cause()).isEqualTo(TransitionCause.HIGHER_PRIORITY);
        assertThat(step.deadline()).hasValue(5 * S + 6 * S + 2 * SKEW_100);
    }

    @Test
    void theMasterAnswersPriorityZeroAtOnce() {
        VrrpInstanceMachine m = master(V3);
        Step step = receive(m, advert(0, 9), MDI_100 + 300 * MS);
        assertThat(step.actions()).containsExactly(new SendAdvert(100));
        assertThat(step.deadline()).as("Adver_Timer reset").hasValue(MDI_100 + 1300 * MS);
    }

    @Test
    void theMasterAnswersALowerPriorityAdvertLikeKeepalived() {
        VrrpInstanceMachine m = master(V3);
        Step step = receive(m, advert(50, 9), MDI_100 + 300 * MS);
        assertThat(step.state()).isInstanceOf(Master.class);
        assertThat(step.actions()).containsExactly(new SendAdvert(100), new SendGratuitousArp(5));
        assertThat(step.deadline()).hasValue(MDI_100 + 1300 * MS);
    }

    @Test
    void theWinnerOfTwoMastersReannouncesAtMostOncePerInterval() {
        VrrpInstanceMachine m = master(V3);
        assertThat(receive(m, advert(50, 9), MDI_100 + 100 * MS).actions()).contains(new SendGratuitousArp(5));
        assertThat(receive(m, advert(50, 9), MDI_100 + 600 * MS).actions()).containsExactly(new SendAdvert(100));
        assertThat(receive(m, advert(50, 9), MDI_100 + 1100 * MS).actions()).contains(new SendGratuitousArp(5));
    }

    @Test
    void ourOwnAddressAtOurPriorityIsIgnored() {
        VrrpInstanceMachine m = master(V3);
        Step step = receive(m, advert(100, 5), MDI_100 + 300 * MS);
        assertThat(step.actions()).isEmpty();
        assertThat(step.deadline()).hasValue(MDI_100 + S);
    }

    @Test
    void twoOwnersBothYieldAsKeepalivedDoes() {
        // keepalived vrrp_state_master_rx: "CONFIGURATION ERROR ... reducing local priority".
        for (int peer : new int[] {9, 1}) {
            VrrpInstanceMachine m = started(V3.withPriority(255));
            Step step = receive(m, advert(255, peer), S);
            assertThat(step.state()).isInstanceOf(Backup.class);
            assertThat(step.actions().getFirst()).isEqualTo(new EffectivePriorityChanged(255, 254));
            assertThat(((Transition) step.actions().get(1)).cause()).isEqualTo(TransitionCause.OWNER_CONFLICT);
            assertThat(m.effectivePriority()).isEqualTo(254);
        }
    }

    @Test
    void gratuitousArpBurstsFollowKeepalived() {
        InstanceSettings s = V3.withGarp(new GarpSettings(3, Duration.ofSeconds(5), Duration.ofMillis(2500), 2));
        VrrpInstanceMachine m = new VrrpInstanceMachine(s.withPriority(255));
        assertThat(m.handle(new Event.Startup(), 0).actions()).contains(new SendGratuitousArp(3));
        assertThat(tick(m, 1 * S).actions()).containsExactly(new SendAdvert(255));
        assertThat(tick(m, 2 * S).actions()).containsExactly(new SendAdvert(255));
        assertThat(tick(m, 3 * S).actions()).as("refresh due at 2.5 s, checked with the advert")
                .containsExactly(new SendAdvert(255), new SendGratuitousArp(2));
        assertThat(tick(m, 4 * S).actions()).containsExactly(new SendAdvert(255));
        assertThat(tick(m, 5 * S).actions()).as("second burst after garp_master_delay")
                .containsExactly(new SendAdvert(255), new SendGratuitousArp(3));
        assertThat(((Master) m.state()).garpDelayDeadline()).isEmpty();
    }

    @Test
    void pendingGratuitousArpIsCancelledWhenLeavingMaster() {
        VrrpInstanceMachine m = master(V3);
        assertThat(m.deadline()).hasValue(MDI_100 + S);
        assertThat(((Master) m.state()).garpDelayDeadline()).hasValue(MDI_100 + 5 * S);
        Step step = receive(m, advert(200, 9), MDI_100 + 2 * S);
        assertThat(step.actions()).contains(new CancelGratuitousArp());
        assertThat(step.actions().indexOf(new CancelGratuitousArp())).isLessThan(step.actions().indexOf(new RemoveVips()));
        for (long t = 3; t <= 6; t++) {
            receive(m, advert(200, 9), MDI_100 + t * S);
            assertThat(tick(m, MDI_100 + t * S + S / 2).actions()).isEmpty();
        }
        assertThat(m.state()).isInstanceOf(Backup.class);
    }

    // --- FAULT (keepalived) ------------------------------------------------------------------------

    @Test
    void aFaultInMasterSendsPriorityZeroAndReleasesTheAddresses() {
        VrrpInstanceMachine m = master(V3);
        Step fault = m.handle(new Event.FaultRaised(), 10 * S);
        assertThat(fault.state()).isInstanceOf(Fault.class);
        assertThat(kinds(fault)).containsExactly(Transition.class, SendAdvert.class, CancelGratuitousArp.class,
                RemoveVips.class, Notify.class);
        assertThat(fault.actions().get(1)).isEqualTo(new SendAdvert(0));
        assertThat(fault.deadline()).isEmpty();
        assertThat(m.handle(new Event.FaultRaised(), 10 * S).actions()).as("level, not count").isEmpty();
        assertThat(receive(m, advert(50, 9), 11 * S).actions()).as("adverts are ignored in FAULT").isEmpty();
        assertThat(tick(m, 20 * S).actions()).isEmpty();

        Step cleared = m.handle(new Event.FaultCleared(), 30 * S);
        assertThat(cleared.state()).as("leaving FAULT goes to BACKUP").isInstanceOf(Backup.class);
        assertThat(((Transition) cleared.actions().getFirst()).cause()).isEqualTo(TransitionCause.FAULT_CLEARED);
        assertThat(cleared.deadline()).hasValue(30 * S + MDI_100);
    }

    @Test
    void aFaultInBackupStopsTheTimer() {
        VrrpInstanceMachine m = started(V3);
        Step fault = m.handle(new Event.FaultRaised(), S);
        assertThat(kinds(fault)).containsExactly(Transition.class, Notify.class);
        assertThat(fault.deadline()).isEmpty();
        assertThat(m.handle(new Event.FaultCleared(), 2 * S).state()).isInstanceOf(Backup.class);
        assertThat(m.handle(new Event.FaultCleared(), 3 * S).actions()).isEmpty();
    }

    @Test
    void anOwnerLeavesFaultAsMaster() {
        VrrpInstanceMachine m = started(V3.withPriority(255));
        m.handle(new Event.FaultRaised(), S);
        assertThat(m.handle(new Event.FaultCleared(), 2 * S).state()).isInstanceOf(Master.class);
    }

    // --- Shutdown ------------------------------------------------------------------------------------

    @Test
    void shutdownOfAMasterSendsPriorityZeroAndReleasesTheAddresses() {
        VrrpInstanceMachine m = master(V3);
        Step stop = m.handle(new Event.Shutdown(), 10 * S);
        assertThat(stop.state()).isInstanceOf(Initialize.class);
        assertThat(kinds(stop)).containsExactly(Transition.class, SendAdvert.class, CancelGratuitousArp.class,
                RemoveVips.class, Notify.class);
        assertThat(stop.actions().get(1)).isEqualTo(new SendAdvert(0));
        assertThat(stop.deadline()).isEmpty();
        assertThat(receive(m, advert(50, 9), 11 * S).actions()).isEmpty();
        assertThat(m.handle(new Event.Startup(), 12 * S).deadline()).as("can start again").hasValue(12 * S + MDI_100);
    }

    @Test
    void shutdownOfABackupIsSilent() {
        VrrpInstanceMachine m = started(V3);
        assertThat(kinds(m.handle(new Event.Shutdown(), S))).containsExactly(Transition.class, Notify.class);
        assertThat(m.handle(new Event.Shutdown(), S).actions()).isEmpty();
    }

    // --- Resign (Tandem's planned switchover) ------------------------------------------------------

    @Test
    void aResigningMasterSendsPriorityZeroReleasesAndWaitsAsBackup() {
        VrrpInstanceMachine m = master(V3);
        Step step = m.handle(new Event.Resign(), 10 * S);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(kinds(step)).containsExactly(Transition.class, SendAdvert.class, CancelGratuitousArp.class,
                RemoveVips.class, Notify.class);
        assertThat(step.actions().get(1)).isEqualTo(new SendAdvert(0));
        assertThat(((Transition) step.actions().getFirst()).cause()).isEqualTo(TransitionCause.RESIGNED);
        assertThat(step.deadline()).as("a full Master_Down_Interval").hasValue(10 * S + MDI_100);
        Step heard = receive(m, advert(150, 9), 11 * S);
        assertThat(heard.deadline()).as("the new master's adverts restart Master_Down_Timer").hasValue(11 * S + MDI_100);
    }

    @Test
    void aResignedMasterTakesOverAgainWhenNobodyElseDoes() {
        VrrpInstanceMachine m = master(V3);
        long deadline = m.handle(new Event.Resign(), 10 * S).deadline().getAsLong();
        assertThat(tick(m, deadline).state()).isInstanceOf(Master.class);
    }

    @Test
    void resignIsIgnoredUnlessMaster() {
        VrrpInstanceMachine m = started(V3);
        assertThat(m.handle(new Event.Resign(), S).actions()).isEmpty();
        assertThat(m.state()).isInstanceOf(Backup.class);
    }

    @Test
    void timeMayStartAnywhereOnTheMonotonicClock() {
        long origin = Long.MAX_VALUE - S;   // System.nanoTime() may be near overflow
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Startup(), origin);
        assertThat(tick(m, origin + MDI_100 - 1).actions()).isEmpty();
        assertThat(tick(m, step.deadline().getAsLong()).state()).isInstanceOf(Master.class);
        assertThat(m.deadline()).isEqualTo(OptionalLong.of(origin + MDI_100 + S));
    }
}
