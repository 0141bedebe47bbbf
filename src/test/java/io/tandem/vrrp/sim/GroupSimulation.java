package io.tandem.vrrp.sim;

import io.tandem.vrrp.GarpSettings;
import io.tandem.vrrp.InitialState;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.Priority;
import io.tandem.vrrp.ProtocolVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded run of the sync-group simulation: 2–4 hosts, each with one sync group of 2–3
 * members (one VRID per member, one interface each), the {@link SimulationKnobs} for timing and
 * chaos. Members of a host share its priority, preempt settings, state keyword and tracker
 * weights, as a real pair of sync groups usually does; faults and partitions hit single members.
 */
final class GroupSimulation {
    private GroupSimulation() {}

    record Result(long seed, String failure, String scenario, List<String> trace, long events, long transitions,
                  long groupMoves, long settledChecks, long probesPassed) {
        boolean passed() {
            return failure == null;
        }
    }

    static Result run(long seed, SimulationKnobs knobs, boolean tracing) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = random.nextInt(2, 5);
        int vrids = random.nextInt(2, 4);
        ProtocolVersion version = pick(random, knobs.versions());
        Duration interval = version == ProtocolVersion.V2 ? Duration.ofSeconds(1) : pick(random, knobs.advertIntervals());
        List<List<InstanceSettings>> settings = settings(random, knobs, size, vrids, version, interval);
        long ai = interval.toNanos();
        long maxPreemptDelay = settings.stream().mapToLong(h -> h.getFirst().preemptDelay().toNanos()).max().orElse(0);
        long chaosMaxDelay = (long) (knobs.maxChaosDelayIntervals() * ai);
        // The single-VRID bound (VrrpSimulation) plus a Master_Down_Interval: a member held back
        // by its group waits until the slowest member of its host wants MASTER too.
        long settle = chaosMaxDelay + maxPreemptDelay + 13 * ai + 4 * knobs.quietDelay().toNanos();
        Trace trace = new Trace(tracing, knobs.traceLines());
        GroupWorld world = new GroupWorld(settings, random.split(), knobs.quietDelay().toNanos(), settle,
                knobs.advertSlack().toNanos(), trace);

        long lastStart = scheduleStarts(random, knobs, world, size, vrids, ai);
        long end = scheduleChaos(random, knobs, world, size, vrids, ai, chaosMaxDelay, settle, lastStart);
        world.eventBudget(50L * size * size * vrids * (end / ai + 1) + 10_000);
        String scenario = describe(seed, version, interval, settle, world);
        String failure = null;
        try {
            world.runUntil(end);
            if (world.invariants().settledChecks() == 0) {
                failure = "never settled: no quiet-phase check ran";
            }
        } catch (SimulationFailure e) {
            failure = Trace.time(world.now()) + " " + e.getMessage();
        } catch (RuntimeException e) {
            failure = Trace.time(world.now()) + " the machine or group threw " + e;
        }
        long transitions = world.hosts().stream().mapToLong(h -> h.transitions).sum();
        return new Result(seed, failure, scenario, trace.lines(), world.events(), transitions, world.groupMoves,
                world.invariants().settledChecks(), world.invariants().probesPassed());
    }

    private static List<List<InstanceSettings>> settings(SplittableRandom random, SimulationKnobs knobs, int size, int vrids,
                                                         ProtocolVersion version, Duration interval) {
        Set<Integer> octets = new LinkedHashSet<>();
        while (octets.size() < size) {
            octets.add(random.nextInt(1, 255));
        }
        List<Integer> hosts = new ArrayList<>(octets);
        int owner = random.nextDouble() < knobs.ownerProbability() ? random.nextInt(size) : -1;
        List<List<InstanceSettings>> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int priority = i == owner ? Priority.OWNER : pick(random, knobs.priorities());
            boolean preempt = random.nextDouble() >= knobs.nopreemptProbability();
            Duration preemptDelay = random.nextDouble() < knobs.preemptDelayProbability()
                    ? interval.multipliedBy(random.nextInt(1, knobs.maxPreemptDelayIntervals() + 1)) : Duration.ZERO;
            double s = random.nextDouble();
            InitialState initial = s < knobs.stateMasterProbability() ? InitialState.MASTER
                    : s < 0.5 ? InitialState.BACKUP : InitialState.FROM_PRIORITY;
            List<InstanceSettings> members = new ArrayList<>();
            for (int k = 0; k < vrids; k++) {
                members.add(new InstanceSettings(version, priority, interval, preempt, preemptDelay, initial,
                        VrrpSimulation.address(10, 0, k, hosts.get(i)), GarpSettings.KEEPALIVED_DEFAULTS));
            }
            all.add(members);
        }
        return all;
    }

    private static long scheduleStarts(SplittableRandom random, SimulationKnobs knobs, GroupWorld world, int size,
                                       int vrids, long ai) {
        world.schedule(0, new GroupSimEvent.ChaosBegins());
        boolean together = random.nextDouble() < knobs.simultaneousStartProbability();
        long last = 0;
        for (int i = 0; i < size; i++) {
            if (random.nextDouble() < 0.2) {
                world.schedule(0, new GroupSimEvent.SetWeight(i, pick(random, knobs.weights())));
            }
            if (random.nextDouble() < 0.1) {
                world.schedule(0, new GroupSimEvent.SetFault(i, random.nextInt(vrids), true));
            }
        }
        for (int i = 0; i < size; i++) {
            long at = together ? 0 : random.nextLong(0, 2 * ai);
            world.schedule(at, new GroupSimEvent.Start(i));
            last = Math.max(last, at);
        }
        return last;
    }

    private static long scheduleChaos(SplittableRandom random, SimulationKnobs knobs, GroupWorld world, int size,
                                      int vrids, long ai, long chaosMaxDelay, long settle, long lastStart) {
        int phases = random.nextInt(1, knobs.chaosPhases() + 1);
        long t = 0;
        for (int phase = 0; phase < phases; phase++) {
            if (phase > 0) {
                world.schedule(t, new GroupSimEvent.ChaosBegins());
            }
            long length = ai * random.nextInt(knobs.minChaosIntervals(), knobs.maxChaosIntervals() + 1);
            long calm = Math.max(t + length, phase == 0 ? lastStart : 0);
            int disturbances = (int) Math.round(length / (double) ai * knobs.chaosEventsPerInterval()
                    * (0.5 + random.nextDouble()));
            for (int k = 0; k < disturbances; k++) {
                disturb(random, knobs, world, size, vrids, ai, chaosMaxDelay, t + random.nextLong(0, Math.max(1, length)), calm);
            }
            world.schedule(calm, new GroupSimEvent.Calm(random.nextDouble() < knobs.keepPartitionProbability()));
            long probe = calm + settle + ai * knobs.quietExtraIntervals();
            world.schedule(calm + settle, new GroupSimEvent.Check());
            world.schedule(probe, new GroupSimEvent.Check());
            world.schedule(probe, new GroupSimEvent.Probe(random.nextBoolean()));
            t = probe + 5 * ai;
        }
        return t;
    }

    private static void disturb(SplittableRandom random, SimulationKnobs knobs, GroupWorld world, int size, int vrids,
                                long ai, long chaosMaxDelay, long at, long calm) {
        int host = random.nextInt(size);
        int vrid = random.nextInt(vrids);
        switch (random.nextInt(11)) {
            case 0 -> {
                double loss = random.nextBoolean() ? 0 : random.nextDouble() * knobs.maxLoss();
                double dup = random.nextBoolean() ? 0 : random.nextDouble() * knobs.maxDuplicate();
                long maxDelay = (long) (random.nextDouble() * chaosMaxDelay);
                world.schedule(at, new GroupSimEvent.SetConditions(loss, dup, 50_000, Math.max(50_000, maxDelay)));
            }
            case 1, 2 -> {
                int groups = random.nextInt(2, 4);
                int[] groupOf = new int[size];
                for (int i = 0; i < size; i++) {
                    groupOf[i] = random.nextInt(groups);
                }
                world.schedule(at, new GroupSimEvent.SetPartition(random.nextBoolean() ? -1 : vrid, groupOf));
            }
            case 3 -> world.schedule(at, new GroupSimEvent.SetPartition(random.nextBoolean() ? -1 : vrid, new int[size]));
            case 4 -> {
                int to = (host + 1 + random.nextInt(size - 1)) % size;
                world.schedule(at, new GroupSimEvent.BlockOneWay(vrid, host, to));
            }
            case 5, 6 -> {
                world.schedule(at, random.nextBoolean() ? new GroupSimEvent.Crash(host) : new GroupSimEvent.Stop(host));
                long restart = at + random.nextLong(1, Math.max(2, knobs.maxDownIntervals() * ai));
                if (restart < calm) {
                    world.schedule(restart, new GroupSimEvent.Start(host));
                }
            }
            case 7 -> world.schedule(at, new GroupSimEvent.SetWeight(host, pick(random, knobs.weights())));
            case 8, 9 -> world.schedule(at, new GroupSimEvent.SetFault(host, vrid, random.nextBoolean()));
            default -> world.schedule(at, new GroupSimEvent.Start(host));
        }
    }

    private static String describe(long seed, ProtocolVersion version, Duration interval, long settle, GroupWorld world) {
        StringBuilder b = new StringBuilder("seed " + seed + ": sync groups, VRRP " + version + ", " + world.vrids()
                + " members per host, advert interval " + interval.toMillis() + " ms, settle "
                + Trace.time(settle).substring(2) + ", hosts:");
        for (GroupHost h : world.hosts()) {
            b.append("\n  ").append(h.name()).append(" state ").append(h.settings.getFirst().initialState());
        }
        return b.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
