package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of every algorithm over seeded random pools (a failure prints its seed): weights are
 * respected over many picks, least-connections is really least, source hash is stable while the
 * pool is, and every pick is one of the candidates.
 */
class SchedulerPropertiesTest {
    private static final int SEEDS = 200;

    private static List<Candidate> pool(Random r, int maxSize) {
        int n = 1 + r.nextInt(maxSize);
        List<Candidate> c = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            c.add(new Candidate(id, SourceHash.mix(id * 7919L + 1), 1 + r.nextInt(10), r.nextInt(50)));
        }
        return c;
    }

    @Test
    void weightedRoundRobinGivesEachItsWeightInEveryCycle() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            List<Candidate> c = pool(r, 8);
            int total = c.stream().mapToInt(Candidate::weight).sum();
            Scheduler s = Scheduler.of("wrr");
            for (int cycle = 0; cycle < 3; cycle++) {
                int[] count = new int[c.size()];
                for (int i = 0; i < total; i++) {
                    count[c.get(s.pick(c, r.nextLong())).id()]++;
                }
                for (Candidate x : c) {
                    assertThat(count[x.id()]).as("seed %d, cycle %d, backend %d", seed, cycle, x.id()).isEqualTo(x.weight());
                }
            }
        }
    }

    @Test
    void roundRobinVisitsEachCandidateOncePerRound() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            List<Candidate> c = pool(r, 8);
            Scheduler s = Scheduler.of("rr");
            int[] count = new int[c.size()];
            for (int i = 0; i < c.size() * 5; i++) {
                count[c.get(s.pick(c, r.nextLong())).id()]++;
            }
            for (int k : count) {
                assertThat(k).as("seed %d", seed).isEqualTo(5);
            }
        }
    }

    @Test
    void leastConnectionChoosesAnIdlestCandidateAndSpreadsTies() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            List<Candidate> c = new ArrayList<>(pool(r, 8));
            Scheduler s = Scheduler.of("lc");
            for (int i = 0; i < 100; i++) {
                int min = c.stream().mapToInt(Candidate::active).min().orElseThrow();
                int chosen = s.pick(c, r.nextLong());
                assertThat(c.get(chosen).active()).as("seed %d pick %d", seed, i).isEqualTo(min);
                Candidate x = c.get(chosen);
                c.set(chosen, new Candidate(x.id(), x.key(), x.weight(), x.active() + 1)); // it now has the connection
                if (r.nextInt(3) == 0) { // and some connection somewhere ends
                    int j = r.nextInt(c.size());
                    Candidate y = c.get(j);
                    c.set(j, new Candidate(y.id(), y.key(), y.weight(), Math.max(0, y.active() - 1)));
                }
            }
        }
    }

    @Test
    void weightedLeastConnectionChoosesTheLowestLoadPerWeight() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            List<Candidate> c = new ArrayList<>(pool(r, 8));
            Scheduler s = Scheduler.of("wlc");
            for (int i = 0; i < 100; i++) {
                double min = c.stream().mapToDouble(x -> (double) x.active() / x.weight()).min().orElseThrow();
                int chosen = s.pick(c, r.nextLong());
                Candidate x = c.get(chosen);
                assertThat((double) x.active() / x.weight()).as("seed %d pick %d", seed, i).isEqualTo(min);
                c.set(chosen, new Candidate(x.id(), x.key(), x.weight(), x.active() + 1));
            }
            // long-lived connections end up in proportion to the weights
            int total = c.stream().mapToInt(Candidate::active).sum();
            int weights = c.stream().mapToInt(Candidate::weight).sum();
            for (Candidate x : c) {
                if (x.active() > 0 && x.active() * weights > x.weight() * total) {
                    // above its share only because it started above it
                    assertThat(x.active()).isLessThanOrEqualTo(Math.max(1, (x.weight() * total + weights - 1) / weights) + 50);
                }
            }
        }
    }

    @Test
    void sourceHashIsStableWhileThePoolIsAndMovesOnlyTheLeaversClients() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            List<Candidate> c = pool(r, 8);
            Scheduler s = Scheduler.of("sh");
            Map<Long, Integer> first = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                long client = r.nextLong();
                first.put(client, c.get(s.pick(c, client)).id());
            }
            List<Candidate> shuffled = new ArrayList<>(c);
            java.util.Collections.shuffle(shuffled, r);
            for (var e : first.entrySet()) { // same pool, any order, changing loads: same answer
                List<Candidate> loaded = shuffled.stream()
                        .map(x -> new Candidate(x.id(), x.key(), x.weight(), r.nextInt(100))).toList();
                assertThat(loaded.get(s.pick(loaded, e.getKey())).id()).as("seed %d", seed).isEqualTo(e.getValue());
            }
            if (c.size() > 1) {
                int gone = r.nextInt(c.size());
                List<Candidate> smaller = c.stream().filter(x -> x.id() != gone).toList();
                for (var e : first.entrySet()) {
                    if (e.getValue() != gone) {
                        assertThat(smaller.get(s.pick(smaller, e.getKey())).id()).as("seed %d: only %d's clients move", seed, gone)
                                .isEqualTo(e.getValue());
                    }
                }
            }
        }
    }

    @Test
    void sourceHashSharesFollowTheWeights() {
        List<Candidate> c = List.of(new Candidate(0, 11, 1, 0), new Candidate(1, 22, 3, 0));
        Scheduler s = Scheduler.of("sh");
        Random r = new Random(42);
        int[] count = new int[2];
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            count[c.get(s.pick(c, r.nextLong())).id()]++;
        }
        assertThat((double) count[1] / n).isBetween(0.72, 0.78); // 3/4 expected; 5 sigma is about 0.011
    }

    @Test
    void unknownAlgorithmsAreServedAsWeightedLeastConnection() {
        assertThat(Scheduler.of("lblc")).isInstanceOf(WeightedLeastConnection.class);
        assertThat(Scheduler.supported("lblc")).isFalse();
        assertThat(Scheduler.supported("sh")).isTrue();
    }
}
