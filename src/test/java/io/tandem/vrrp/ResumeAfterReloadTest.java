package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.vrrp.Action.AddVips;
import io.tandem.vrrp.Action.CancelGratuitousArp;
import io.tandem.vrrp.Action.Notify;
import io.tandem.vrrp.Action.RemoveVips;
import io.tandem.vrrp.Action.SendAdvert;
import io.tandem.vrrp.Action.SendGratuitousArp;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.InstanceState.Backup;
import io.tandem.vrrp.InstanceState.Fault;
import io.tandem.vrrp.InstanceState.Initialize;
import io.tandem.vrrp.InstanceState.Master;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link Event.Resume}: a reload keeps each instance's state (keepalived {@code restore_vrrp_state}). */
class ResumeAfterReloadTest {
    private static final long S = 1_000_000_000L;
    private static final InstanceSettings V3 = InstanceSettings.defaults(ProtocolVersion.V3, Addresses.of(10, 0, 0, 5));
    private static final Master OLD_MASTER = new Master(0, OptionalLong.empty(), OptionalLong.empty());
    private static final Backup OLD_BACKUP = new Backup(0, S, OptionalLong.empty(), TransitionCause.MASTER_DOWN);

    @Test
    void aMasterStaysMasterWithoutNotifying() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Resume(OLD_MASTER), 10 * S);
        assertThat(step.state()).isInstanceOf(Master.class);
        assertThat(step.actions()).hasSize(4);
        assertThat(step.actions().get(0)).isEqualTo(new Transition(new Initialize(), step.state(), TransitionCause.RELOAD));
        assertThat(step.actions().get(1)).isEqualTo(new SendAdvert(100));
        assertThat(step.actions().get(2)).isInstanceOf(AddVips.class);
        assertThat(step.actions().get(3)).isInstanceOf(SendGratuitousArp.class);
        assertThat(step.actions()).noneMatch(a -> a instanceof Notify);
        assertThat(step.deadline()).hasValue(11 * S);
    }

    @Test
    void aBackupStaysBackupWithAFreshMasterDownTimer() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Resume(OLD_BACKUP), 10 * S);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.actions()).containsExactly(new Transition(new Initialize(), step.state(), TransitionCause.RELOAD));
        assertThat(step.deadline()).hasValue(10 * S + 3 * S + 609_375_000L);
    }

    @Test
    void aMasterWithAFaultNowLeavesWithPriorityZero() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        m.handle(new Event.FaultRaised(), 10 * S);
        Step step = m.handle(new Event.Resume(OLD_MASTER), 10 * S);
        assertThat(step.state()).isInstanceOf(Fault.class);
        assertThat(step.actions()).containsExactly(
                new Transition(new Initialize(), new Fault(), TransitionCause.STARTUP_IN_FAULT),
                new SendAdvert(Priority.STOP), new CancelGratuitousArp(), new RemoveVips(),
                new Notify(new Initialize(), new Fault(), TransitionCause.STARTUP_IN_FAULT));
    }

    @Test
    void aFaultThatClearedDuringTheReloadIsAChangeAndNotifies() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Resume(new Fault()), 10 * S);
        assertThat(step.state()).isInstanceOf(Backup.class);
        assertThat(step.actions()).contains(new Notify(new Initialize(), step.state(), TransitionCause.FAULT_CLEARED));
    }

    @Test
    void aFaultThatStaysIsKeptSilently() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        m.handle(new Event.FaultRaised(), 10 * S);
        Step step = m.handle(new Event.Resume(new Fault()), 10 * S);
        assertThat(step.state()).isInstanceOf(Fault.class);
        assertThat(step.actions()).containsExactly(new Transition(new Initialize(), new Fault(), TransitionCause.RELOAD));
    }

    @Test
    void anInstanceThatHadNotStartedStartsNormally() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        Step step = m.handle(new Event.Resume(new Initialize()), 0);
        assertThat(step.actions()).contains(new Notify(new Initialize(), step.state(), TransitionCause.STARTUP));
    }

    @Test
    void resumeTwiceIsRefused() {
        VrrpInstanceMachine m = new VrrpInstanceMachine(V3);
        m.handle(new Event.Resume(OLD_BACKUP), 0);
        assertThatThrownBy(() -> m.handle(new Event.Resume(OLD_BACKUP), 1)).isInstanceOf(IllegalStateException.class);
    }
}
