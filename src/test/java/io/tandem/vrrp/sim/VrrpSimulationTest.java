package io.tandem.vrrp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded simulations (DESIGN.md §5.3). {@code -Dvrrp.seeds=N} and
 * {@code -Dvrrp.firstSeed=S} choose the range; {@code -Dvrrp.seed=S} replays one seed with its trace.
 */
class VrrpSimulationTest {
    private static final SimulationKnobs KNOBS = SimulationKnobs.defaults();

    @Test
    void manySeedsKeepTheInvariants() {
        String one = System.getProperty("vrrp.seed");
        if (one != null) {
            VrrpSimulation.Result r = VrrpSimulation.run(Long.parseLong(one), KNOBS, true);
            System.out.println(report(r));
            assertThat(r.failure()).as(r.scenario()).isNull();
            return;
        }
        int count = Integer.getInteger("vrrp.seeds", 20_000);
        long first = Long.getLong("vrrp.firstSeed", 1L);
        long started = System.nanoTime();
        List<VrrpSimulation.Result> results = LongStream.range(first, first + count).parallel()
                .mapToObj(seed -> VrrpSimulation.run(seed, KNOBS, false))
                .toList();
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<VrrpSimulation.Result> failures = results.stream().filter(r -> !r.passed()).toList();
        System.out.printf("VRRP simulation: %d seeds from %d in %d ms, %d events, %d transitions, %d failover probes"
                        + " passed, %d failed%n",
                count, first, millis, results.stream().mapToLong(VrrpSimulation.Result::events).sum(),
                results.stream().mapToLong(VrrpSimulation.Result::transitions).sum(),
                results.stream().mapToLong(VrrpSimulation.Result::probesPassed).sum(), failures.size());
        for (VrrpSimulation.Result f : failures.stream().limit(3).toList()) {
            System.out.println(report(VrrpSimulation.run(f.seed(), KNOBS, true)));
        }
        assertThat(failures).as("failing seeds: %s", failures.stream().map(f -> f.seed() + ": " + f.failure()).toList())
                .isEmpty();
    }

    static String report(VrrpSimulation.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(r.passed() ? "PASSED " : "FAILED ").append(r.scenario()).append('\n');
        if (!r.passed()) {
            b.append("failure: ").append(r.failure()).append('\n');
            b.append("replay: mvn -q test -Dtest=VrrpSimulationTest -Dvrrp.seed=").append(r.seed()).append('\n');
        }
        b.append("trace (last ").append(r.trace().size()).append(" lines):\n");
        r.trace().forEach(line -> b.append("  ").append(line).append('\n'));
        return b.toString();
    }
}
