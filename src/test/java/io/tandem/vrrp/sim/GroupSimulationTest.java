package io.tandem.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded sync-group simulations. {@code -Dvrrp.groupSeeds=N} and
 * {@code -Dvrrp.firstSeed=S} choose the range; {@code -Dvrrp.groupSeed=S} replays one seed with its trace.
 */
class GroupSimulationTest {
    private static final SimulationKnobs KNOBS = SimulationKnobs.defaults();

    @Test
    void manySeedsKeepTheGroupsTogether() {
        String one = System.getProperty("vrrp.groupSeed");
        if (one != null) {
            GroupSimulation.Result r = GroupSimulation.run(Long.parseLong(one), KNOBS, true);
            System.out.println(report(r));
            assertThat(r.failure()).as(r.scenario()).isNull();
            return;
        }
        int count = Integer.getInteger("vrrp.groupSeeds", 5_000);
        long first = Long.getLong("vrrp.firstSeed", 1L);
        long started = System.nanoTime();
        List<GroupSimulation.Result> results = LongStream.range(first, first + count).parallel()
                .mapToObj(seed -> GroupSimulation.run(seed, KNOBS, false))
                .toList();
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<GroupSimulation.Result> failures = results.stream().filter(r -> !r.passed()).toList();
        System.out.printf("sync-group simulation: %d seeds from %d in %d ms, %d events, %d transitions, %d group moves,"
                        + " %d failover probes passed, %d failed%n",
                count, first, millis, results.stream().mapToLong(GroupSimulation.Result::events).sum(),
                results.stream().mapToLong(GroupSimulation.Result::transitions).sum(),
                results.stream().mapToLong(GroupSimulation.Result::groupMoves).sum(),
                results.stream().mapToLong(GroupSimulation.Result::probesPassed).sum(), failures.size());
        for (GroupSimulation.Result f : failures.stream().limit(3).toList()) {
            System.out.println(report(GroupSimulation.run(f.seed(), KNOBS, true)));
        }
        assertThat(failures).as("failing seeds: %s", failures.stream().map(f -> f.seed() + ": " + f.failure()).toList())
                .isEmpty();
    }

    static String report(GroupSimulation.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(r.passed() ? "PASSED " : "FAILED ").append(r.scenario()).append('\n');
        if (!r.passed()) {
            b.append("failure: ").append(r.failure()).append('\n');
            b.append("replay: mvn -q test -Dtest=GroupSimulationTest -Dvrrp.groupSeed=").append(r.seed()).append('\n');
        }
        b.append("trace (last ").append(r.trace().size()).append(" lines):\n");
        r.trace().forEach(line -> b.append("  ").append(line).append('\n'));
        return b.toString();
    }
}
