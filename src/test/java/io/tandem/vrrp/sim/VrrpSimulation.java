package io.tandem.vrrp.sim;

import io.tandem.vrrp.GarpSettings;
import io.tandem.vrrp.InitialState;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.Priority;
import io.tandem.vrrp.ProtocolVersion;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded run: the seed draws a scenario within the {@link SimulationKnobs} (nodes, settings,
 * start times, chaos phases each followed by a quiet phase), runs it on a {@link Cluster} and
 * reports the first broken invariant. The same seed and knobs always give the same run.
 */
final class VrrpSimulation {
    private VrrpSimulation() {}

    /** The outcome of one seed. {@code failure} is null when every invariant held. */
    record Result(long seed, String failure, String scenario, List<String> trace, long events, long transitions,
                  long settledChecks, long probesPassed) {
        boolean passed() {
            return failure == null;
        }
    }

    static Result run(long seed, SimulationKnobs knobs, boolean tracing) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = random.nextInt(knobs.minNodes(), knobs.maxNodes() + 1);
        ProtocolVersion version = pick(random, knobs.versions());
        Duration interval = pick(random, knobs.advertIntervals());
        if (version == ProtocolVersion.V2 && interval.toMillis() % 1000 != 0) {
            interval = Duration.ofSeconds(1);    // RFC 3768: whole seconds
        }
        List<InstanceSettings> settings = settings(random, knobs, size, version, interval);
        // Phases and the settle time scale with the slowest node.
        long ai = settings.stream().mapToLong(s -> s.advertInterval().toNanos()).max().orElseThrow();
        long maxPreemptDelay = settings.stream().mapToLong(s -> s.preemptDelay().toNanos()).max().orElse(0);
        long chaosMaxDelay = (long) (knobs.maxChaosDelayIntervals() * ai);
        // Convergence bound after calm. Until chaosMaxDelay late packets may still arrive (a stale
        // higher advert can make the right master step down). Then at worst: some backup's
        // Master_Down_Timer fires (≤ one Master_Down_Interval, < 4 intervals), a preempting backup
        // first hears that new master, accepts it for its preempt delay, and takes over one more
        // Master_Down_Interval after the last advert it accepted; the old master steps down one
        // network delay later. So 2 × 4 intervals + the preempt delay + the late packets + a few
        // network delays; one more interval is margin.
        long settle = chaosMaxDelay + maxPreemptDelay + 9 * ai + 4 * knobs.quietDelay().toNanos();
        Trace trace = new Trace(tracing, knobs.traceLines());
        Cluster cluster = new Cluster(settings, random.split(), knobs.quietDelay().toNanos(), settle,
                knobs.advertSlack().toNanos(), trace);

        long lastStart = schedulStarts(random, knobs, cluster, size, ai);
        long end = scheduleChaos(random, knobs, cluster, size, ai, chaosMaxDelay, settle, lastStart);

        // Adverts: every node sends at most about one per interval to every other node, plus duplicates.
        cluster.eventBudget(50L * size * size * (end / ai + 1) + 10_000);
        String scenario = describe(seed, version, settle, cluster);
        String failure = null;
        try {
            cluster.runUntil(end);
            if (cluster.invariants().settledChecks() == 0) {
                failure = "never settled: no quiet-phase check ran";
            }
        } catch (SimulationFailure e) {
            failure = Trace.time(cluster.now()) + " " + e.getMessage();
        } catch (RuntimeException e) {
            failure = Trace.time(cluster.now()) + " the machine threw " + e;
        }
        long transitions = cluster.nodes().stream().mapToLong(n -> n.transitions).sum();
        return new Result(seed, failure, scenario, trace.lines(), cluster.events(), transitions,
                cluster.invariants().settledChecks(), cluster.invariants().probesPassed());
    }

    private static List<InstanceSettings> settings(SplittableRandom random, SimulationKnobs knobs, int size,
                                                   ProtocolVersion version, Duration interval) {
        Set<Integer> octets = new LinkedHashSet<>();
        while (octets.size() < size) {
            octets.add(random.nextInt(1, 255));
        }
        List<Integer> hosts = new ArrayList<>(octets);
        boolean mixed = version == ProtocolVersion.V3 && random.nextDouble() < knobs.mixedIntervalProbability();
        int owner = random.nextDouble() < knobs.ownerProbability() ? random.nextInt(size) : -1;
        List<InstanceSettings> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int priority = i == owner ? Priority.OWNER : pick(random, knobs.priorities());
            boolean preempt = random.nextDouble() >= knobs.nopreemptProbability();
            Duration preemptDelay = random.nextDouble() < knobs.preemptDelayProbability()
                    ? interval.multipliedBy(random.nextInt(1, knobs.maxPreemptDelayIntervals() + 1)) : Duration.ZERO;
            double s = random.nextDouble();
            InitialState initial = s < knobs.stateMasterProbability() ? InitialState.MASTER
                    : s < 0.5 ? InitialState.BACKUP : InitialState.FROM_PRIORITY;
            Duration own = mixed ? pick(random, knobs.advertIntervals()) : interval;
            // Half the pairs run as each other's sole backup (no Skew_Time on priority 0); decided from
            // what is already drawn, so the random stream, and every recorded seed, stays as it was.
            boolean sole = size == 2 && (hosts.get(0) + hosts.get(1)) % 2 == 0;
            all.add(new InstanceSettings(version, priority, own, preempt, preemptDelay, initial,
                    address(10, 0, 0, hosts.get(i)), GarpSettings.KEEPALIVED_DEFAULTS, sole));
        }
        return all;
    }

    private static long schedulStarts(SplittableRandom random, SimulationKnobs knobs, Cluster cluster, int size, long ai) {
        cluster.schedule(0, new SimEvent.ChaosBegins());
        boolean together = random.nextDouble() < knobs.simultaneousStartProbability();
        long last = 0;
        for (int i = 0; i < size; i++) {
            if (random.nextDouble() < 0.2) {
                cluster.schedule(0, new SimEvent.SetWeight(i, pick(random, knobs.weights())));
            }
            if (random.nextDouble() < 0.1) {
                cluster.schedule(0, new SimEvent.SetFault(i, true));
            }
        }
        for (int i = 0; i < size; i++) {
            long at = together ? 0 : random.nextLong(0, 2 * ai);
            cluster.schedule(at, new SimEvent.Start(i));
            last = Math.max(last, at);
        }
        return last;
    }

    /** Chaos phases, each ended by a calm and followed by a checked quiet phase; returns the end of the run. */
    private static long scheduleChaos(SplittableRandom random, SimulationKnobs knobs, Cluster cluster, int size,
                                      long ai, long chaosMaxDelay, long settle, long lastStart) {
        int phases = random.nextInt(1, knobs.chaosPhases() + 1);
        long t = 0;
        for (int phase = 0; phase < phases; phase++) {
            if (phase > 0) {
                cluster.schedule(t, new SimEvent.ChaosBegins());
            }
            long length = ai * random.nextInt(knobs.minChaosIntervals(), knobs.maxChaosIntervals() + 1);
            long calm = Math.max(t + length, phase == 0 ? lastStart : 0);
            int disturbances = (int) Math.round(length / (double) ai * knobs.chaosEventsPerInterval()
                    * (0.5 + random.nextDouble()));
            for (int k = 0; k < disturbances; k++) {
                long at = t + random.nextLong(0, Math.max(1, length));
                disturb(random, knobs, cluster, size, ai, chaosMaxDelay, at, calm);
            }
            cluster.schedule(calm, new SimEvent.Calm(random.nextDouble() < knobs.keepPartitionProbability()));
            long probe = calm + settle + ai * knobs.quietExtraIntervals();
            cluster.schedule(calm + settle, new SimEvent.Check());
            cluster.schedule(probe, new SimEvent.Check());
            cluster.schedule(probe, new SimEvent.Probe(random.nextBoolean()));
            // Master_Down_Interval is below 4 intervals; the probe deadline comes before this.
            t = probe + 5 * ai;
        }
        return t;
    }

    private static void disturb(SplittableRandom random, SimulationKnobs knobs, Cluster cluster, int size, long ai,
                                long chaosMaxDelay, long at, long calm) {
        int node = random.nextInt(size);
        switch (random.nextInt(10)) {
            case 0 -> {
                double loss = random.nextBoolean() ? 0 : random.nextDouble() * knobs.maxLoss();
                double dup = random.nextBoolean() ? 0 : random.nextDouble() * knobs.maxDuplicate();
                long maxDelay = (long) (random.nextDouble() * chaosMaxDelay);
                cluster.schedule(at, new SimEvent.SetConditions(loss, dup, 50_000, Math.max(50_000, maxDelay)));
            }
            case 1 -> {
                int groups = random.nextInt(2, 4);
                int[] groupOf = new int[size];
                for (int i = 0; i < size; i++) {
                    groupOf[i] = random.nextInt(groups);
                }
                cluster.schedule(at, new SimEvent.SetPartition(groupOf));
            }
            case 2 -> cluster.schedule(at, new SimEvent.SetPartition(new int[size]));
            case 3 -> {
                int to = (node + 1 + random.nextInt(size - 1)) % size;
                cluster.schedule(at, new SimEvent.BlockOneWay(node, to));
            }
            case 4 -> {
                cluster.schedule(at, new SimEvent.Pause(node));
                long resume = at + random.nextLong(1, Math.max(2, knobs.maxPauseIntervals() * ai));
                if (resume < calm) {
                    cluster.schedule(resume, new SimEvent.Resume(node));
                }
            }
            case 5, 6 -> {
                cluster.schedule(at, random.nextBoolean() ? new SimEvent.Crash(node) : new SimEvent.Stop(node));
                long restart = at + random.nextLong(1, Math.max(2, knobs.maxDownIntervals() * ai));
                if (restart < calm) {
                    cluster.schedule(restart, new SimEvent.Start(node));
                }
            }
            case 7 -> cluster.schedule(at, new SimEvent.SetWeight(node, pick(random, knobs.weights())));
            case 8 -> cluster.schedule(at, new SimEvent.SetFault(node, random.nextBoolean()));
            default -> cluster.schedule(at, random.nextBoolean() ? new SimEvent.Resign(node) : new SimEvent.Start(node));
        }
    }

    private static String describe(long seed, ProtocolVersion version, long settle, Cluster cluster) {
        StringBuilder b = new StringBuilder("seed " + seed + ": VRRP " + version + ", settle "
                + Trace.time(settle).substring(2) + ", nodes:");
        for (SimNode n : cluster.nodes()) {
            b.append("\n  ").append(n.name()).append(" state ").append(n.settings.initialState())
                    .append(", advert interval ").append(n.settings.advertInterval().toMillis()).append(" ms");
        }
        return b.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    static Inet4Address address(int a, int b, int c, int d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
