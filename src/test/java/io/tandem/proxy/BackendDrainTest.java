package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operator's drain ({@link BackendPool#drain}), haproxy's {@code state drain}: no scheduler picks
 * the backend, its open connections and counts are untouched, health goes on apart from it,
 * persistence still reaches it, quorum no longer counts it, a reload keeps it, {@code ready} ends it.
 */
class BackendDrainTest {
    private static final long S = 1_000_000_000L;

    private static int pickId(BackendPool p, String client, long now) {
        return p.pick(client, now, Set.of()).orElseThrow().backend();
    }

    private static BackendStatus status(BackendPool p, int id) {
        return p.status().stream().filter(b -> b.id() == id).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rr", "wrr", "lc", "wlc", "sh"})
    void noSchedulerPicksADrainedBackendAndReadyBringsItBack(String algo) {
        BackendPool p = new BackendPool(Services.service(algo, Services.reals(1, 2, 3)));
        assertThat(p.drain(1, true, 0).changed()).isTrue();
        int[] count = new int[3];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int id = pickId(p, "10.1." + (i % 250) + "." + (i % 7), i);
            count[id]++;
            open.add(id);
            if (i % 3 == 0) { // some connections end, so lc/wlc see changing counts
                p.release(open.remove(0), "x", i);
            }
        }
        assertThat(count[1]).as(algo + ": the drained backend got nothing").isZero();
        assertThat(count[0]).as(algo + ": the others share the load").isPositive();
        assertThat(count[2]).isPositive();

        assertThat(p.drain(1, false, 0).changed()).isTrue();
        int got = 0;
        for (int i = 0; i < 3000; i++) {
            got += pickId(p, "10.2." + (i % 250) + "." + (i % 7), i) == 1 ? 1 : 0;
        }
        assertThat(got).as(algo + ": after ready it takes new connections again").isPositive();
    }

    @Test
    void openConnectionsAndTheirCountsAreUntouched() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        for (int i = 0; i < 6; i++) {
            pickId(p, "c" + i, 0); // rr: 3 on each
        }
        BackendPool.Drain d = p.drain(0, true, 0);
        assertThat(d.active()).isEqualTo(3);
        assertThat(d.events()).as("no backend event: nothing is closed").isEmpty();
        assertThat(p.dropsConnections(0)).as("its connections are not to be closed").isFalse();
        assertThat(p.available(0)).as("health is another matter").isTrue();
        BackendStatus s = status(p, 0);
        assertThat(s.active()).isEqualTo(3);
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.state()).isEqualTo("drain");
        assertThat(s.drained()).isTrue();
        assertThat(s.weight()).as("the weight it gets back on ready").isEqualTo(1);
        p.release(0, "c0", 0);
        assertThat(status(p, 0).active()).as("a connection of a drained backend ends as any other").isEqualTo(2);
        for (int i = 0; i < 10; i++) {
            assertThat(pickId(p, "n" + i, 0)).isEqualTo(1);
        }
        assertThat(status(p, 0).total()).isEqualTo(3);
    }

    @Test
    void drainingTwiceOrReadyWithoutDrainChangesNothing() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        assertThat(p.drain(0, false, 0).changed()).isFalse();
        assertThat(p.drain(0, true, 0).changed()).isTrue();
        assertThat(p.drain(0, true, 0).changed()).isFalse();
        assertThat(p.drained(0)).isTrue();
        assertThat(p.drained(1)).isFalse();
    }

    @Test
    void aDrainedBackendThatGoesDownAndUpStaysDrained() {
        BackendPool p = new BackendPool(Services.service("wlc", Services.reals(1, 1)));
        p.drain(0, true, 0);
        assertThat(p.report(0, 0, Health.down("refused"))).singleElement().isInstanceOf(PoolEvent.BackendDown.class);
        assertThat(status(p, 0).state()).isEqualTo("down");
        assertThat(status(p, 0).drained()).isTrue();
        assertThat(p.report(0, 0, Health.up("ok"))).singleElement().isInstanceOf(PoolEvent.BackendUp.class);
        assertThat(p.available(0)).isTrue();
        assertThat(status(p, 0).state()).isEqualTo("drain");
        for (int i = 0; i < 20; i++) {
            assertThat(pickId(p, "c" + i, 0)).as("checks passing again do not end a drain").isEqualTo(1);
        }
        BackendPool.Drain ready = p.drain(0, false, 0);
        assertThat(ready.available()).isTrue();
        assertThat(pickId(p, "after", 0)).as("wlc: the idle backend").isEqualTo(0);
    }

    @Test
    void readyOfADownBackendWaitsForItsChecks() {
        BackendPool p = new BackendPool(Services.service("rr", Services.reals(1, 1)));
        p.drain(0, true, 0);
        p.report(0, 0, Health.down("refused"));
        BackendPool.Drain d = p.drain(0, false, 0);
        assertThat(d.changed()).isTrue();
        assertThat(d.available()).isFalse();
        assertThat(d.lastCheck()).isEqualTo("refused");
        for (int i = 0; i < 5; i++) {
            assertThat(pickId(p, "c" + i, 0)).isEqualTo(1);
        }
        p.report(0, 0, Health.up("ok"));
        assertThat(List.of(pickId(p, "a", 0), pickId(p, "b", 0))).contains(0);
    }

    @Test
    void persistentClientsStillReachADrainedBackendAsInHaproxyUntilTheirEntryExpires() {
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", Services.reals(1, 1, 1), Optional.empty(), 1,
                Optional.of(Duration.ofSeconds(60)));
        BackendPool p = new BackendPool(vs);
        int home = pickId(p, "192.168.1.5", 0);
        p.release(home, "192.168.1.5", 0);
        BackendPool.Drain d = p.drain(home, true, S);
        assertThat(d.persistent()).isEqualTo(1);
        assertThat(pickId(p, "192.168.1.5", 2 * S)).as("its persistence entry still points there").isEqualTo(home);
        p.release(home, "192.168.1.5", 2 * S);
        for (int i = 0; i < 20; i++) {
            assertThat(pickId(p, "192.168.2." + i, 3 * S)).as("new clients go elsewhere").isNotEqualTo(home);
        }
        assertThat(pickId(p, "192.168.1.5", 2 * S + 61 * S)).as("entry expired: scheduled afresh, not there")
                .isNotEqualTo(home);
        assertThat(p.drain(home, true, 2 * S + 61 * S).persistent()).isZero();
    }

    @Test
    void aDrainedBackendCountsNothingTowardsQuorum() {
        VirtualServer vs = Services.service("10.0.0.100", 3306, "rr", Services.reals(1, 1),
                Optional.of(new VirtualServer.Endpoint("10.0.0.99", 3306)), 2, Optional.empty());
        BackendPool p = new BackendPool(vs);
        assertThat(p.drain(0, true, 0).events()).containsExactly(new PoolEvent.QuorumDown(1, 2));
        assertThat(p.pick("c", 0, Set.of()).orElseThrow().sorry()).isTrue();
        assertThat(p.drain(0, false, 0).events()).containsExactly(new PoolEvent.QuorumUp(2, 2));
        assertThat(p.pick("c", 0, Set.of()).orElseThrow().sorry()).isFalse();
    }

    @Test
    void aReloadThatKeepsTheRealServerKeepsItsDrain() {
        List<RealServer> before = Services.reals(1, 1, 1); // 10.0.0.1-3
        BackendPool p = new BackendPool(Services.service("rr", before));
        p.drain(0, true, 0); // kept unchanged
        p.drain(1, true, 0); // kept with another weight: its checkers restart
        p.drain(2, true, 0); // removed, then back in a later reload: a new backend
        p.update(Services.service("wrr", List.of(before.get(0), Services.real("10.0.0.2", 3306, 5), Services.real("10.0.0.4", 3306, 1))));
        assertThat(p.drained(0)).isTrue();
        assertThat(p.drained(1)).isTrue();
        p.update(Services.service("wrr", List.of(before.get(0), Services.real("10.0.0.2", 3306, 5), Services.real("10.0.0.4", 3306, 1),
                before.get(2))));
        int back = p.ids().getLast();
        assertThat(p.server(back).address()).isEqualTo("10.0.0.3");
        assertThat(p.drained(back)).as("removed and added again: starts undrained").isFalse();
        for (int i = 0; i < 20; i++) {
            assertThat(pickId(p, "c" + i, 0)).isNotIn(0, 1);
        }
    }
}
