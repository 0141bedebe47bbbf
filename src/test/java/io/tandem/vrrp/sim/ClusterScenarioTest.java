package io.tandem.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.ProtocolVersion;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whole-group scenarios on the simulated network, clean links, fixed delay of 1 ms. */
class ClusterScenarioTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static InstanceSettings node(int lastOctet, int priority) {
        return InstanceSettings.defaults(ProtocolVersion.V3, VrrpSimulation.address(10, 0, 0, lastOctet)).withPriority(priority);
    }

    private static Cluster cluster(InstanceSettings... nodes) {
        Cluster c = new Cluster(List.of(nodes), new SplittableRandom(1), MS, Long.MAX_VALUE, MS, new Trace(false, 0));
        c.network().minDelayNanos = MS;
        c.network().maxDelayNanos = MS;
        return c;
    }

    private static long masters(Cluster c) {
        return c.nodes().stream().filter(n -> n.state() instanceof InstanceState.Master).count();
    }

    @Test
    void twoNodesStartingTogetherElectExactlyOneMaster() {
        Cluster c = cluster(node(1, 100), node(2, 100));
        c.schedule(0, new SimEvent.Start(0));
        c.schedule(0, new SimEvent.Start(1));
        long mdi = 3 * S + 609_375_000L;
        c.runUntil(mdi - 1);
        assertThat(masters(c)).isZero();
        c.runUntil(mdi);
        assertThat(masters(c)).as("both timers fire together").isEqualTo(2);
        c.runUntil(mdi + 2 * MS);
        assertThat(masters(c)).isEqualTo(1);
        assertThat(c.stateOf(1)).as("equal priority: the higher address stays").isInstanceOf(InstanceState.Master.class);
        c.runUntil(60 * S);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
        assertThat(c.node(0).transitions).as("no flapping").isEqualTo(3);
    }

    @Test
    void aStoppingMasterIsReplacedAfterSkewTimeNotMasterDown() {
        Cluster c = cluster(node(1, 200), node(2, 100));
        c.schedule(0, new SimEvent.Start(0));
        c.schedule(S, new SimEvent.Start(1));
        c.runUntil(10 * S);
        assertThat(c.stateOf(0)).isInstanceOf(InstanceState.Master.class);
        c.schedule(10 * S + 500 * MS, new SimEvent.Stop(0));
        c.runUntil(10 * S + 500 * MS + MS + 609_375_000L - 1);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Backup.class);
        c.runUntil(10 * S + 500 * MS + MS + 609_375_000L);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
    }

    @Test
    void aCrashedMasterIsReplacedAfterMasterDownInterval() {
        Cluster c = cluster(node(1, 200), node(2, 100));
        c.schedule(0, new SimEvent.Start(0));
        c.schedule(S, new SimEvent.Start(1));
        c.runUntil(10 * S);
        long lastAdvert = c.node(0).lastAdvertAt;
        c.schedule(10 * S, new SimEvent.Crash(0));
        long takeover = lastAdvert + MS + 3 * S + 609_375_000L;
        c.runUntil(takeover - 1);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Backup.class);
        c.runUntil(takeover);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
    }

    @Test
    void theHigherPriorityPreemptsWhenItComesBack() {
        Cluster c = cluster(node(1, 200), node(2, 100));
        c.schedule(0, new SimEvent.Start(1));
        c.schedule(10 * S, new SimEvent.Start(0));
        c.runUntil(9 * S);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
        c.runUntil(20 * S);
        assertThat(c.stateOf(0)).isInstanceOf(InstanceState.Master.class);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Backup.class);
    }

    @Test
    void nopreemptLetsTheLowerMasterStay() {
        Cluster c = cluster(node(1, 200).withPreempt(false), node(2, 100));
        c.schedule(0, new SimEvent.Start(1));
        c.schedule(10 * S, new SimEvent.Start(0));
        c.runUntil(60 * S);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
        assertThat(c.stateOf(0)).isInstanceOf(InstanceState.Backup.class);
    }

    @Test
    void aHealedPartitionLeavesOneMaster() {
        Cluster c = cluster(node(1, 100), node(2, 150), node(3, 50));
        for (int i = 0; i < 3; i++) {
            c.schedule(0, new SimEvent.Start(i));
        }
        c.schedule(5 * S, new SimEvent.SetPartition(new int[] {0, 1, 0}));
        c.runUntil(15 * S);
        assertThat(masters(c)).isEqualTo(2);
        c.schedule(15 * S, new SimEvent.SetPartition(new int[] {0, 0, 0}));
        c.runUntil(17 * S);
        assertThat(masters(c)).isEqualTo(1);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Master.class);
    }

    @Test
    void anEqualPriorityBackupDoesNotPreemptALowerAddressMaster() {
        Cluster c = cluster(node(1, 100), node(9, 100));
        c.schedule(0, new SimEvent.Start(0));
        c.schedule(10 * S, new SimEvent.Start(1));
        c.runUntil(60 * S);
        assertThat(c.stateOf(0)).as("RFC 5798 §6.4.2: equal priority is accepted").isInstanceOf(InstanceState.Master.class);
        assertThat(c.stateOf(1)).isInstanceOf(InstanceState.Backup.class);
    }
}
