package io.tandem.vrrp.sim;

import io.tandem.vrrp.ProtocolVersion;
import java.time.Duration;
import java.util.List;

/**
 * Every knob of the seeded VRRP simulation. A seed draws one scenario within these bounds: how
 * many nodes and how they are configured, then alternating chaos and quiet phases.
 *
 * @param minNodes               fewest nodes (≥ 2)
 * @param maxNodes               most nodes (≤ 5 keeps seeds fast)
 * @param versions               VRRP versions to draw from; all nodes of a seed share one
 * @param advertIntervals        advertisement intervals to draw from (v2 always uses whole seconds)
 * @param mixedIntervalProbability chance (VRRPv3 only) that each node draws its own advert interval
 * @param priorities             base priorities to draw from; repeats make ties likely
 * @param ownerProbability       chance that one node is the address owner (255)
 * @param nopreemptProbability   chance per node of {@code nopreempt}
 * @param preemptDelayProbability chance per node of a {@code preempt_delay}
 * @param maxPreemptDelayIntervals largest preempt delay, in advert intervals
 * @param stateMasterProbability chance per node of {@code state MASTER}
 * @param simultaneousStartProbability chance that all nodes start at the same instant
 * @param weights                tracker weight sums a flap can set
 * @param chaosPhases            most chaos phases (each followed by a quiet phase), ≥ 1
 * @param minChaosIntervals      shortest chaos phase, in advert intervals
 * @param maxChaosIntervals      longest chaos phase, in advert intervals
 * @param chaosEventsPerInterval mean disturbances per advert interval during chaos
 * @param maxLoss                highest loss probability chaos sets
 * @param maxDuplicate           highest duplication probability chaos sets
 * @param maxChaosDelayIntervals largest one-way delay during chaos, in advert intervals (causes reordering)
 * @param quietDelay             largest one-way delay while quiet (smallest is 50 µs)
 * @param maxPauseIntervals      longest node pause, in advert intervals
 * @param maxDownIntervals       longest crash or stop before the restart, in advert intervals
 * @param keepPartitionProbability chance that a symmetric partition stays during a quiet phase
 * @param quietExtraIntervals    quiet time checked after the settle time, in advert intervals
 * @param advertSlack            how late a master's advert may be (the "epsilon")
 * @param traceLines             trace lines printed for a failing seed
 */
public record SimulationKnobs(
        int minNodes,
        int maxNodes,
        List<ProtocolVersion> versions,
        List<Duration> advertIntervals,
        double mixedIntervalProbability,
        List<Integer> priorities,
        double ownerProbability,
        double nopreemptProbability,
        double preemptDelayProbability,
        int maxPreemptDelayIntervals,
        double stateMasterProbability,
        double simultaneousStartProbability,
        List<Integer> weights,
        int chaosPhases,
        int minChaosIntervals,
        int maxChaosIntervals,
        double chaosEventsPerInterval,
        double maxLoss,
        double maxDuplicate,
        double maxChaosDelayIntervals,
        Duration quietDelay,
        int maxPauseIntervals,
        int maxDownIntervals,
        double keepPartitionProbability,
        int quietExtraIntervals,
        Duration advertSlack,
        int traceLines) {

    public SimulationKnobs {
        if (minNodes < 2 || maxNodes < minNodes || chaosPhases < 1 || maxChaosIntervals < minChaosIntervals) {
            throw new IllegalArgumentException("bad knobs");
        }
        versions = List.copyOf(versions);
        advertIntervals = List.copyOf(advertIntervals);
        priorities = List.copyOf(priorities);
        weights = List.copyOf(weights);
    }

    /** The CI setting: short, busy scenarios of 2–5 nodes. */
    public static SimulationKnobs defaults() {
        return new SimulationKnobs(
                2, 5,
                List.of(ProtocolVersion.V2, ProtocolVersion.V3),
                List.of(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2)),
                0.3,
                List.of(50, 100, 100, 150, 200, 254),
                0.15, 0.2, 0.2, 6, 0.15, 0.3,
                List.of(-100, -60, -30, 0, 0, 30, 60, 120),
                2, 4, 24, 0.6,
                0.9, 0.3, 1.5,
                Duration.ofMillis(2),
                6, 8,
                0.4, 6,
                Duration.ofMillis(1),
                400);
    }

    /** The same knobs without any disturbance: nodes start and the network is clean. */
    public SimulationKnobs calm() {
        return new SimulationKnobs(minNodes, maxNodes, versions, advertIntervals, mixedIntervalProbability, priorities, ownerProbability,
                nopreemptProbability, preemptDelayProbability, maxPreemptDelayIntervals, stateMasterProbability,
                simultaneousStartProbability, weights, 1, 0, 0, 0, 0, 0, 0, quietDelay, 0, 0, 0,
                quietExtraIntervals, advertSlack, traceLines);
    }
}
