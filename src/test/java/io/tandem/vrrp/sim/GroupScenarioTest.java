package io.tandem.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.ProtocolVersion;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two hosts, each with a sync group of VI_A (VRID 0) and VI_B (VRID 1), on clean links with a
 * fixed 1 ms delay: the failovers the lab test shows with real daemons, to the nanosecond.
 */
class GroupScenarioTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long SKEW_100 = 609_375_000L;
    private static final long MDI_100 = 3 * S + SKEW_100;
    private static final long MDI_150 = 3 * S + 414_062_500L;

    private static List<InstanceSettings> host(int lastOctet, int priority) {
        return List.of(0, 1).stream().map(k -> InstanceSettings.defaults(ProtocolVersion.V3,
                VrrpSimulation.address(10, 0, k, lastOctet)).withPriority(priority)).toList();
    }

    private static GroupWorld world(List<List<InstanceSettings>> hosts) {
        GroupWorld w = new GroupWorld(hosts, new SplittableRandom(1), MS, Long.MAX_VALUE, MS, new Trace(false, 0));
        w.network().minDelayNanos = MS;
        w.network().maxDelayNanos = MS;
        return w;
    }

    private static boolean masterOfBoth(GroupWorld w, int host) {
        GroupHost h = w.host(host);
        return h.state(0) instanceof InstanceState.Master && h.state(1) instanceof InstanceState.Master;
    }

    private static boolean backupOfBoth(GroupWorld w, int host) {
        GroupHost h = w.host(host);
        return h.state(0) instanceof InstanceState.Backup && h.state(1) instanceof InstanceState.Backup;
    }

    /** h0 (priority 150) master of both VRIDs, h1 (100) backup of both, at 5 s. */
    private static GroupWorld settled() {
        GroupWorld w = world(List.of(host(1, 150), host(2, 100)));
        w.schedule(0, new GroupSimEvent.Start(0));
        w.schedule(0, new GroupSimEvent.Start(1));
        w.runUntil(5 * S);
        assertThat(masterOfBoth(w, 0)).isTrue();
        assertThat(backupOfBoth(w, 1)).isTrue();
        return w;
    }

    @Test
    void theHigherHostTakesBothVridsWhenItsLastMemberWantsMaster() {
        GroupWorld w = world(List.of(host(1, 150), host(2, 100)));
        w.schedule(0, new GroupSimEvent.Start(0));
        w.schedule(0, new GroupSimEvent.Start(1));
        w.runUntil(MDI_150 - 1);
        assertThat(backupOfBoth(w, 0)).isTrue();
        w.runUntil(MDI_150);
        assertThat(masterOfBoth(w, 0)).isTrue();
        w.runUntil(MDI_100 + 10 * MS);
        assertThat(backupOfBoth(w, 1)).as("h1 heard h0 in time").isTrue();
    }

    @Test
    void linkDownUnderTheMastersSecondMemberMovesBothVridsAfterThatVridsMasterDownInterval() {
        GroupWorld w = settled();
        long down = 5 * S + 500 * MS;
        // h0's VI_B interface goes down: nothing passes, and its member is in fault
        w.schedule(down, new GroupSimEvent.SetPartition(1, new int[] {0, 1}));
        w.schedule(down, new GroupSimEvent.SetFault(0, 1, true));
        w.runUntil(down);
        assertThat(w.host(0).state(0)).isInstanceOf(InstanceState.Fault.class);
        assertThat(w.host(0).state(1)).isInstanceOf(InstanceState.Fault.class);
        // VI_A heard priority 0 (h0's VI_A was synced to FAULT) and wants MASTER after Skew_Time,
        // but VI_B heard nothing: keepalived keeps h1 BACKUP until VI_B's timer fires too.
        w.runUntil(down + SKEW_100 + 10 * MS);
        assertThat(backupOfBoth(w, 1)).isTrue();
        w.runUntil(down + MDI_100 + 10 * MS);
        assertThat(masterOfBoth(w, 1)).isTrue();

        long up = 15 * S;
        w.schedule(up, new GroupSimEvent.SetPartition(1, new int[] {0, 0}));
        w.schedule(up, new GroupSimEvent.SetFault(0, 1, false));
        w.runUntil(up);
        assertThat(backupOfBoth(w, 0)).isTrue();
        w.runUntil(up + MDI_150 + 10 * MS);
        assertThat(masterOfBoth(w, 0)).as("h0 preempts with both").isTrue();
        assertThat(backupOfBoth(w, 1)).isTrue();
    }

    @Test
    void aStoppedMasterIsReplacedOnBothVridsAfterSkewTime() {
        GroupWorld w = settled();
        long stop = 5 * S + 300 * MS;
        w.schedule(stop, new GroupSimEvent.Stop(0));
        w.runUntil(stop + MS + SKEW_100 - 1);
        assertThat(backupOfBoth(w, 1)).isTrue();
        w.runUntil(stop + MS + SKEW_100);
        assertThat(masterOfBoth(w, 1)).isTrue();
    }

    @Test
    void aPartitionOfOneVridAloneLeavesTheBackupHostBackup() {
        // keepalived vrrp_sync_can_goto_master: "prefer backup state to avoid thrashing".
        GroupWorld w = settled();
        w.schedule(5 * S, new GroupSimEvent.SetPartition(1, new int[] {0, 1}));
        w.runUntil(60 * S);
        assertThat(masterOfBoth(w, 0)).isTrue();
        assertThat(backupOfBoth(w, 1)).as("VI_B wants MASTER, VI_A still hears h0").isTrue();
        assertThat(w.host(1).transitions).isEqualTo(2);
    }

    @Test
    void aGroupOfAddressOwnersGoesMasterAfterOneIntervalAndTheSmallestSkew() {
        GroupWorld w = world(List.of(host(1, 255), host(2, 100)));
        w.schedule(0, new GroupSimEvent.Start(0));
        w.runUntil(S + 3_906_250L - 1);
        assertThat(backupOfBoth(w, 0)).isTrue();
        w.runUntil(S + 3_906_250L);
        assertThat(masterOfBoth(w, 0)).isTrue();
    }
}
