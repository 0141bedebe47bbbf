package io.tandem.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedMasterTest {
    private static ExpectedMaster.Candidate node(int id, int priority, boolean preempt) {
        return new ExpectedMaster.Candidate(id, priority, VrrpSimulation.address(10, 0, 0, id), preempt);
    }

    @Test
    void withPreemptEverywhereTheHighestPriorityIsMaster() {
        assertThat(ExpectedMaster.acceptable(List.of(node(1, 100, true), node(2, 200, true), node(3, 150, true))))
                .containsExactly(2);
    }

    @Test
    void equalPrioritiesAreAllAcceptableWhateverTheAddress() {
        // A backup of equal priority accepts the master (RFC 5798 §6.4.2); the address only
        // decides between two masters. Requiring the higher address failed 443 of 10,000 seeds.
        assertThat(ExpectedMaster.acceptable(List.of(node(1, 100, true), node(9, 100, true), node(5, 50, true))))
                .containsExactly(1, 9);
    }

    @Test
    void nopreemptNodesDoNotDisqualifyALowerMaster() {
        assertThat(ExpectedMaster.acceptable(List.of(node(1, 100, true), node(2, 200, false), node(3, 150, true))))
                .containsExactlyInAnyOrder(2, 3);
        assertThat(ExpectedMaster.acceptable(List.of(node(1, 100, true), node(2, 200, false))))
                .containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aLoneNodeIsItsOwnMaster() {
        assertThat(ExpectedMaster.acceptable(List.of(node(4, 1, false)))).containsExactly(4);
    }
}
