package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pool's rules with time passed in: failures, inhibit, thresholds, quorum, sorry server, persistence, lag. */
class BackendPoolTest {
    private static final long S = 1_000_000_000L;

    private static int pickId(BackendPool p, String client, long now) {
        return p.pick(client, now, Set.of()).orElseThrow().backend();
    }

    private static Health lag(long seconds) {
        return new Health(true, OptionalInt.empty(), OptionalLong.of(seconds), "lag " + seconds);
    }

    private static Health lagUnknown() {
        return new Health(true, OptionalInt.empty(), OptionalLong.empty(), "SQL thread stopped");
    }

    @Test
    void aFailedBackendGetsNoNewConnectionsAndItsConnectionsAreToBeClosed() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        List<PoolEvent> ev = p.report(0, 0, Health.down("refused"));
        assertThat(ev).singleElement().isInstanceOfSatisfying(PoolEvent.BackendDown.class, d -> assertThat(d.closeConnections()).isTrue());
        for (int i = 0; i < 10; i++) {
            assertThat(pickId(p, "c" + i, 0)).isEqualTo(1);
        }
        assertThat(p.report(0, 0, Health.up("ok"))).singleElement().isInstanceOf(PoolEvent.BackendUp.class);
        assertThat(p.report(0, 0, Health.up("ok"))).as("no event without a change").isEmpty();
    }

    @Test
    void inhibitOnFailureKeepsTheOpenConnections() {
        RealServer inhibited = Services.real("10.0.0.1", 3306, 1, true, 0, 0, List.of(Services.tcpCheck()));
        BackendPool p = new BackendPool(Services.service("rr", List.of(inhibited, Services.real("10.0.0.2", 3306, 1))));
        assertThat(p.report(0, 0, Health.down("refused"))).singleElement()
                .isInstanceOfSatisfying(PoolEvent.BackendDown.class, d -> assertThat(d.closeConnections()).isFalse());
        assertThat(pickId(p, "c", 0)).isEqualTo(1);
    }

    @Test
    void aServerIsUpOnlyWhenAllItsCheckersPass() {
        RealServer two = Services.real("10.0.0.1", 3306, 1, false, 0, 0, List.of(Services.tcpCheck(), Services.tcpCheck()));
        BackendPool p = new BackendPool(Services.service("rr", List.of(two)));
        p.report(0, 1, Health.down("x"));
        assertThat(p.available(0)).isFalse();
        p.report(0, 0, Health.up("ok"));
        assertThat(p.available(0)).isFalse();
        p.report(0, 1, Health.up("ok"));
        assertThat(p.available(0)).isTrue();
    }

    @Test
    void weightZeroAndDynamicWeights() {
        BackendPool p = new BackendPool(Services.service("wrr", Services.reals(1, 1)));
        assertThat(p.report(0, 0, new Health(true, OptionalInt.of(0), OptionalLong.empty(), "exit 2")))
                .singleElement().isEqualTo(new PoolEvent.WeightChanged(p.server(0), 0));
        for (int i = 0; i < 5; i++) {
            assertThat(pickId(p, "c", 0)).isEqualTo(1);
        }
        p.report(0, 0, new Health(true, OptionalInt.of(3), OptionalLong.empty(), "exit 5"));
        int[] count = new int[2];
        for (int i = 0; i < 400; i++) {
            count[pickId(p, "c", 0)]++;
        }
        assertThat(count).containsExactly(300, 100);
    }

    @Test
    void upperThresholdStopsNewConnectionsUntilBelowTheLowerOne() {
        RealServer limited = Services.real("10.0.0.1", 3306, 100, false, 4, 2, List.of(Services.tcpCheck()));
        BackendPool p = new BackendPool(Services.service("wrr", List.of(limited, Services.real("10.0.0.2", 3306, 1))));
        for (int i = 0; i < 4; i++) {
            assertThat(pickId(p, "c", 0)).isEqualTo(0);
        }
        assertThat(pickId(p, "c", 0)).as("full at uthreshold 4").isEqualTo(1);
        p.release(0, "c", 0);
        assertThat(pickId(p, "c", 0)).as("3 active is not below lthreshold 2").isEqualTo(1);
        p.release(0, "c", 0);
        p.release(0, "c", 0);
        assertThat(pickId(p, "c", 0)).as("1 active: open again").isEqualTo(0);
    }

    @Test
    void uthresholdOneResumesAtZeroActiveAsIpvsDoes() {
        // IPVS without lthreshold: overloaded until active * 4 < uthreshold * 3 (1 -> 0 active, 2 -> 1, 4 -> 2)
        for (int upper : new int[] {1, 2, 4}) {
            RealServer limited = Services.real("10.0.0.1", 3306, 1, false, upper, 0, List.of(Services.tcpCheck()));
            BackendPool p = new BackendPool(Services.withQueueTimeout(Services.service("rr", List.of(limited)), Duration.ZERO));
            for (int i = 0; i < upper; i++) {
                assertThat(pickId(p, "c", 0)).isEqualTo(0);
            }
            assertThat(p.pick("c", 0, Set.of())).as("uthreshold %d reached", upper).isEmpty();
            int resumeAt = (upper * 3 - 1) / 4; // the largest active count with active * 4 < upper * 3
            while (p.status().getFirst().active() > resumeAt + 1) {
                p.release(0, "c", 0);
                assertThat(p.pick("c", 0, Set.of())).as("uthreshold %d, %d active", upper, p.status().getFirst().active()).isEmpty();
            }
            p.release(0, "c", 0);
            assertThat(p.pick("c", 0, Set.of())).as("uthreshold %d resumes at %d active", upper, resumeAt).isPresent();
        }
    }

    @Test
    void aFullPoolIsBusyNotDownTheClientWaitsAndOnlyThenGetsTheSorryServer() {
        RealServer limited = Services.real("10.0.0.1", 3306, 1, false, 1, 0, List.of(Services.tcpCheck()));
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", List.of(limited),
                Optional.of(new VirtualServer.Endpoint("10.0.0.99", 3306)), 1, Optional.empty());
        assertThat(vs.queueTimeout()).as("haproxy's default: the connect timeout").isEqualTo(vs.connectTimeout());
        BackendPool p = new BackendPool(vs);
        assertThat(pickId(p, "c", 0)).isZero();
        assertThat(p.pick("c", 0, Set.of())).as("full: no sorry server while a slot may free up").isEmpty();
        assertThat(p.full(Set.of())).isTrue();
        assertThat(p.full(Set.of(0))).as("not for a client that this backend refused").isFalse();
        assertThat(p.lastResort(Set.of())).hasValueSatisfying(t -> assertThat(t.sorry()).isTrue());
        p.release(0, "c", 0);
        assertThat(p.full(Set.of())).isFalse();
        assertThat(pickId(p, "c", 0)).isZero();

        p.drain(0, true, 0);
        assertThat(p.full(Set.of())).as("drained: no slot is coming").isFalse();
        p.drain(0, false, 0);
        p.report(0, 0, Health.down("refused"));
        assertThat(p.full(Set.of())).as("down: no slot is coming").isFalse();

        BackendPool noQueue = new BackendPool(Services.withQueueTimeout(vs, Duration.ZERO));
        assertThat(pickId(noQueue, "c", 0)).isZero();
        assertThat(noQueue.pick("c", 0, Set.of())).as("proxy_queue_timeout 0: the sorry server at once")
                .hasValueSatisfying(t -> assertThat(t.sorry()).isTrue());
    }

    @Test
    void belowQuorumNewConnectionsGoToTheSorryServer() {
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", Services.reals(2, 2, 2),
                Optional.of(new VirtualServer.Endpoint("10.0.0.99", 3306)), 4, Optional.empty());
        BackendPool p = new BackendPool(vs);
        assertThat(p.report(0, 0, Health.down("x"))).hasSize(1);
        assertThat(p.quorumUp()).isTrue();
        List<PoolEvent> ev = p.report(1, 0, Health.down("x"));
        assertThat(ev).last().isEqualTo(new PoolEvent.QuorumDown(2, 4));
        Target t = p.pick("c", 0, Set.of()).orElseThrow();
        assertThat(t.sorry()).isTrue();
        assertThat(t.address()).isEqualTo("10.0.0.99");
        assertThat(p.report(1, 0, Health.up("ok"))).last().isEqualTo(new PoolEvent.QuorumUp(4, 4));
        assertThat(p.pick("c", 0, Set.of()).orElseThrow().sorry()).isFalse();
    }

    @Test
    void withNothingAvailableTheSorryServerOrNothing() {
        BackendPool none = new BackendPool(Services.service("rr", Services.reals(1)));
        none.report(0, 0, Health.down("x"));
        assertThat(none.pick("c", 0, Set.of())).isEmpty();
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", Services.reals(1),
                Optional.of(new VirtualServer.Endpoint("10.0.0.99", 3306)), 1, Optional.empty());
        BackendPool sorry = new BackendPool(vs);
        assertThat(sorry.pick("c", 0, Set.of(0)).orElseThrow().sorry()).as("every backend refused: last resort").isTrue();
        assertThat(sorry.pick("c", 0, Set.of(0, Target.SORRY))).isEmpty();
    }

    @Test
    void persistenceKeepsAClientOnItsBackendUntilTheTimeoutAfterItsLastConnection() {
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", Services.reals(1, 1, 1), Optional.empty(), 1,
                Optional.of(Duration.ofSeconds(60)));
        BackendPool p = new BackendPool(vs);
        int first = pickId(p, "192.168.1.5", 0);
        for (int i = 0; i < 10; i++) {
            assertThat(pickId(p, "192.168.1.5", i * S)).isEqualTo(first);
            p.release(first, "192.168.1.5", i * S);
        }
        int other = pickId(p, "192.168.1.6", 10 * S);
        assertThat(other).as("rr continues for other clients").isNotEqualTo(first);
        p.report(first, 0, Health.down("x"));
        assertThat(pickId(p, "192.168.1.5", 11 * S)).as("a failed backend breaks persistence").isNotEqualTo(first);
        int now = pickId(p, "192.168.1.7", 12 * S);
        int again = pickId(p, "192.168.1.7", 12 * S + 61 * S);
        assertThat(again).as("expired after 60 s: scheduled afresh (rr moves on)").isNotEqualTo(now);
    }

    @Test
    void aLaggingReplicaLeavesAndReturnsOnlyAtHalfTheLimit() {
        RealServer r1 = Services.real("10.0.0.1", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        RealServer r2 = Services.real("10.0.0.2", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        BackendPool p = new BackendPool(Services.service("rr", List.of(r1, r2)));
        p.report(1, 0, lag(0));
        assertThat(p.report(0, 0, lag(10))).isEmpty();
        assertThat(p.report(0, 0, lag(11))).singleElement().isInstanceOf(PoolEvent.BackendDown.class);
        assertThat(p.report(0, 0, lag(6))).as("hysteresis: 6 s is not back yet").isEmpty();
        assertThat(p.available(0)).isFalse();
        assertThat(p.report(0, 0, lag(5))).singleElement().isInstanceOf(PoolEvent.BackendUp.class);
        assertThat(p.report(0, 0, lagUnknown())).as("unknown lag counts as lagging").singleElement()
                .isInstanceOf(PoolEvent.BackendDown.class);
    }

    @Test
    void whenEveryReplicaLagsTheLeastLaggingStay() {
        RealServer r1 = Services.real("10.0.0.1", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        RealServer r2 = Services.real("10.0.0.2", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        RealServer r3 = Services.real("10.0.0.3", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        BackendPool p = new BackendPool(Services.service("rr", List.of(r1, r2, r3)));
        p.report(0, 0, lag(30));
        p.report(1, 0, lagUnknown());
        assertThat(p.available(2)).isTrue();
        List<PoolEvent> ev = p.report(2, 0, lag(40));
        assertThat(ev).contains(new PoolEvent.LagHold(List.of(r1), "every replica lags; keeping the least-lagging 10.0.0.1:3306 (lag 30 s)"));
        assertThat(p.available(0)).as("least lagging kept").isTrue();
        assertThat(p.available(1)).isFalse();
        assertThat(p.available(2)).isFalse();
        assertThat(pickId(p, "c", 0)).isEqualTo(0);
        // r3 recovers: the hold ends, r1 (still lagging) leaves
        ev = p.report(2, 0, lag(2));
        assertThat(ev).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(PoolEvent.LagHold.class, h -> assertThat(h.kept()).isEmpty()));
        assertThat(p.available(0)).isFalse();
        assertThat(p.available(2)).isTrue();
    }

    @Test
    void aDownReplicaIsNotKeptByTheLagRule() {
        RealServer r1 = Services.real("10.0.0.1", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        RealServer r2 = Services.real("10.0.0.2", 3306, 1, false, 0, 0, List.of(Services.lagCheck(10)));
        BackendPool p = new BackendPool(Services.service("rr", List.of(r1, r2)));
        p.report(0, 0, Health.down("refused"));
        p.report(1, 0, lag(50));
        assertThat(p.available(0)).isFalse();
        assertThat(p.available(1)).as("the only reachable replica stays although it lags").isTrue();
    }

    @Test
    void aFailedConnectIsNotCountedAndTriedBackendsAreSkipped() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        Target t = p.pick("c", 0, Set.of()).orElseThrow();
        p.connectFailed(t.backend());
        Target u = p.pick("c", 0, Set.of(t.backend())).orElseThrow();
        assertThat(u.backend()).isNotEqualTo(t.backend());
        assertThat(p.status().get(t.backend()).total()).isZero();
        assertThat(p.status().get(u.backend()).active()).isEqualTo(1);
        assertThat(p.pick("c", 0, Set.of(0, 1))).isEmpty();
    }

    @Test
    void withAlphaABackendTakesNothingUntilItsCheckerPassed() {
        RealServer alpha = new RealServer("10.0.0.1", 3306, 1, false, 0, 0, Optional.empty(), Optional.empty(),
                List.of(Services.tcpCheck()), List.of(new io.tandem.config.CheckerTiming(1, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ZERO, true)), Optional.empty(), Services.AT);
        BackendPool p = new BackendPool(Services.service("rr", List.of(alpha, Services.real("10.0.0.2", 3306, 1))));
        assertThat(p.available(0)).isFalse();
        assertThat(pickId(p, "c", 0)).isEqualTo(1);
        assertThat(p.report(0, 0, Health.up("connected"))).singleElement().isInstanceOf(PoolEvent.BackendUp.class);
        assertThat(p.available(0)).isTrue();
    }

    @Test
    void anUpdateKeepsUnchangedBackendsWithTheirStateAndConnections() {
        List<RealServer> before = Services.reals(1, 1, 1); // 10.0.0.1-3
        BackendPool p = new BackendPool(Services.service("rr", before));
        p.report(2, 0, Health.down("refused"));
        Optional<Target> held = p.pick("c", 0, Set.of(2));
        assertThat(held).isPresent();
        int heldId = held.get().backend();
        // 10.0.0.1 stays as it was, 10.0.0.2 gets weight 5, 10.0.0.3 goes, 10.0.0.4 comes
        List<RealServer> after = List.of(before.get(0), Services.real("10.0.0.2", 3306, 5), Services.real("10.0.0.4", 3306, 1));
        BackendPool.Update u = p.update(Services.service("wrr", after));
        assertThat(u.restarted()).containsExactly(1);
        assertThat(u.added()).containsExactly(3);
        assertThat(u.removed()).extracting(RealServer::address).containsExactly("10.0.0.3");
        assertThat(p.ids()).containsExactly(0, 1, 3);
        assertThat(p.server(1).weight()).isEqualTo(5);
        assertThat(p.status()).filteredOn(b -> b.id() == heldId).singleElement()
                .satisfies(b -> assertThat(b.active()).as("the open connection still counts").isEqualTo(1));
        p.release(heldId, "c", 0);
        assertThat(p.status()).allSatisfy(b -> assertThat(b.active()).isZero());
        // wrr now: weights 1, 5, 1 over 7 picks
        int[] count = new int[4];
        for (int i = 0; i < 7; i++) {
            count[pickId(p, "x" + i, 0)]++;
        }
        assertThat(count).containsExactly(1, 5, 0, 1);
        assertThat(p.report(2, 0, Health.up("late report of a removed backend"))).isEmpty();
        p.release(2, "c", 0); // a connection of the removed backend ending: nothing to count
    }

    @Test
    void anUpdatedBackendThatWasDownStaysDownUntilItsNewCheckersPass() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        p.report(0, 0, Health.down("refused"));
        BackendPool.Update u = p.update(Services.service("rr", List.of(Services.real("10.0.0.1", 3306, 7),
                Services.real("10.0.0.9", 3306, 1))));
        assertThat(u.events()).as("a new backend is presumed up without an event, as at start-up").isEmpty();
        assertThat(u.restarted()).containsExactly(0);
        assertThat(p.available(0)).isFalse();
        assertThat(p.ids()).containsExactly(0, 2);
        assertThat(pickId(p, "c", 0)).isEqualTo(2);
        assertThat(p.report(0, 0, Health.up("ok"))).singleElement().isInstanceOf(PoolEvent.BackendUp.class);
    }
}
