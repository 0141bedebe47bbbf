package io.tandem.vrrp.sim;

import io.tandem.vrrp.Action;
import io.tandem.vrrp.InstanceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The properties checked after every event.
 * <ul>
 *   <li>S1: a live node holds the addresses iff its machine is MASTER (crashed hosts hold nothing);</li>
 *   <li>the machine's effective priority is base + weights clamped as keepalived does;</li>
 *   <li>a MASTER that has not been paused since its last advert sent it at most one advert
 *       interval (+ slack) ago;</li>
 *   <li>S2, once the network and nodes have been quiet for the settle time: per connected group,
 *       exactly one MASTER and it is {@link ExpectedMaster acceptable}, every other eligible node is
 *       BACKUP, every faulted node FAULT;</li>
 *   <li>no flapping: no state change at all once a quiet phase has settled;</li>
 *   <li>failover in time: when a probe crashes or stops the settled master, a backup of its
 *       group becomes MASTER within Master_Down_Interval (crash) or Skew_Time (priority 0) of
 *       the best backup, plus the network delay.</li>
 * </ul>
 */
final class Invariants {
    private final Cluster cluster;
    private final long settleNanos;
    private final long advertSlackNanos;
    private boolean quiet;
    private long quietSince;
    private long settledChecks;
    private List<Integer> probeBackups = List.of();
    private long probeDeadline;
    private String probeWhat;
    private long probesPassed;

    Invariants(Cluster cluster, long settleNanos, long advertSlackNanos) {
        this.cluster = cluster;
        this.settleNanos = settleNanos;
        this.advertSlackNanos = advertSlackNanos;
    }

    void chaosBegins() {
        quiet = false;
    }

    void calmBegins(long now) {
        quiet = true;
        quietSince = now;
    }

    /** How many times the settled checks ran; a run that never settled proves nothing. */
    long settledChecks() {
        return settledChecks;
    }

    boolean settled(long now) {
        return quiet && now - quietSince >= settleNanos;
    }

    long advertSlackNanos() {
        return advertSlackNanos;
    }

    long probesPassed() {
        return probesPassed;
    }

    void expectTakeover(List<Integer> backups, long deadline, String what) {
        probeBackups = List.copyOf(backups);
        probeDeadline = deadline;
        probeWhat = what;
    }

    void probeDeadline() {
        if (probeBackups.isEmpty() || cluster.now() < probeDeadline) {
            return;
        }
        throw new SimulationFailure("no backup " + probeBackups + " became MASTER by " + Trace.time(probeDeadline)
                + " after the " + probeWhat);
    }

    void transition(SimNode n, Action.Transition t) {
        if (probeBackups.contains(n.id) && t.to() instanceof InstanceState.Master) {
            probeBackups = List.of();
            probesPassed++;
        }
        if (settled(cluster.now())) {
            throw new SimulationFailure("flap: " + n.name() + " " + t + " after the network was quiet for "
                    + Trace.time(cluster.now() - quietSince).substring(2));
        }
    }

    void afterEvent() {
        long now = cluster.now();
        for (SimNode n : cluster.nodes()) {
            if (n.machine == null || n.crashed) {
                if (n.vips) {
                    throw new SimulationFailure("S1: crashed " + n.name() + " holds the addresses");
                }
                continue;
            }
            boolean master = n.machine.state() instanceof InstanceState.Master;
            if (n.vips != master) {
                throw new SimulationFailure("S1: " + n.name() + " is " + n.machine.state().label()
                        + (n.vips ? " but holds" : " but does not hold") + " the addresses");
            }
            if (n.machine.effectivePriority() != Cluster.expectedEffectivePriority(n)) {
                throw new SimulationFailure(n.name() + " effective priority " + n.machine.effectivePriority()
                        + ", expected " + Cluster.expectedEffectivePriority(n));
            }
            long interval = n.settings.advertInterval().toNanos();
            if (master && !n.paused && !n.pausedSinceAdvert && now - n.lastAdvertAt > interval + advertSlackNanos) {
                throw new SimulationFailure("MASTER " + n.name() + " silent for " + Trace.time(now - n.lastAdvertAt)
                        .substring(2) + ", advert interval " + n.settings.advertInterval());
            }
        }
        if (settled(now)) {
            settledChecks++;
            checkGroups();
        }
    }

    /** S2 for every connected group. */
    private void checkGroups() {
        Map<Integer, List<SimNode>> groups = new TreeMap<>();
        for (SimNode n : cluster.nodes()) {
            groups.computeIfAbsent(cluster.network().groupOf(n.id), g -> new ArrayList<>()).add(n);
        }
        for (var entry : groups.entrySet()) {
            List<ExpectedMaster.Candidate> eligible = new ArrayList<>();
            List<SimNode> masters = new ArrayList<>();
            for (SimNode n : entry.getValue()) {
                if (!n.live()) {
                    continue;
                }
                InstanceState s = n.machine.state();
                if (n.faulted) {
                    if (!(s instanceof InstanceState.Fault)) {
                        throw new SimulationFailure("faulted " + n.name() + " is " + s.label());
                    }
                    continue;
                }
                eligible.add(new ExpectedMaster.Candidate(n.id, Cluster.expectedEffectivePriority(n),
                        n.settings.primaryAddress(), n.settings.preempt()));
                switch (s) {
                    case InstanceState.Master _ -> masters.add(n);
                    case InstanceState.Backup _ -> {}
                    case InstanceState.Initialize _, InstanceState.Fault _ ->
                            throw new SimulationFailure("eligible " + n.name() + " is " + s.label());
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            if (masters.size() != 1) {
                throw new SimulationFailure("S2: group " + entry.getKey() + " has " + masters.size()
                        + " masters " + masters.stream().map(SimNode::name).toList() + " after a quiet period");
            }
            Set<Integer> acceptable = ExpectedMaster.acceptable(eligible);
            SimNode master = masters.getFirst();
            if (!acceptable.contains(master.id)) {
                throw new SimulationFailure("S2: group " + entry.getKey() + " master is " + master.name()
                        + " (priority " + master.machine.effectivePriority() + ") but the rule allows only "
                        + acceptable.stream().map(id -> cluster.node(id).name()).toList());
            }
        }
    }
}
