package io.tandem.vrrp.sim;

import io.tandem.vrrp.Action;
import io.tandem.vrrp.InstanceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The properties of the sync-group simulation, checked after every event.
 * <ul>
 *   <li>S1 per member: a running member holds its addresses iff it is MASTER; a crashed host holds none;</li>
 *   <li>the group moves as one, at every instant (the daemon performs the group's answer within
 *       the same event): on a running host all members are MASTER or none is; a member with a
 *       fault of its own puts every member in FAULT;</li>
 *   <li>every member's effective priority is the host's base + weights, clamped;</li>
 *   <li>a MASTER member advertises at least every interval (+ slack);</li>
 *   <li>once quiet for the settle time, per connected group of hosts and per VRID: exactly one
 *       MASTER, the same host on every VRID, {@link ExpectedMaster acceptable}, every other
 *       eligible host BACKUP on every VRID; and no state change at all;</li>
 *   <li>failover in time: when a probe crashes or stops the settled master host, a backup host
 *       becomes MASTER within the slowest member's Master_Down_Interval (crash) or Skew_Time
 *       (priority 0) of the best backup host.</li>
 * </ul>
 */
final class GroupInvariants {
    private final GroupWorld world;
    private final long settleNanos;
    private final long advertSlackNanos;
    private boolean quiet;
    private long quietSince;
    private long settledChecks;
    private List<Integer> probeBackups = List.of();
    private long probeDeadline;
    private String probeWhat;
    private long probesPassed;

    GroupInvariants(GroupWorld world, long settleNanos, long advertSlackNanos) {
        this.world = world;
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

    long settledChecks() {
        return settledChecks;
    }

    long probesPassed() {
        return probesPassed;
    }

    long advertSlackNanos() {
        return advertSlackNanos;
    }

    boolean settled(long now) {
        return quiet && now - quietSince >= settleNanos;
    }

    void expectTakeover(List<Integer> backups, long deadline, String what) {
        probeBackups = List.copyOf(backups);
        probeDeadline = deadline;
        probeWhat = what;
    }

    void probeDeadline() {
        if (probeBackups.isEmpty() || world.now() < probeDeadline) {
            return;
        }
        throw new SimulationFailure("no backup host " + probeBackups + " became MASTER by " + Trace.time(probeDeadline)
                + " after the " + probeWhat);
    }

    void transition(GroupHost h, Action.Transition t) {
        if (probeBackups.contains(h.id) && t.to() instanceof InstanceState.Master) {
            probeBackups = List.of();
            probesPassed++;
        }
        if (settled(world.now())) {
            throw new SimulationFailure("flap: " + h.name() + " " + t + " after the network was quiet for "
                    + Trace.time(world.now() - quietSince).substring(2));
        }
    }

    void afterEvent() {
        long now = world.now();
        for (GroupHost h : world.hosts()) {
            if (h.machines == null || h.crashed) {
                for (boolean v : h.vips) {
                    if (v) {
                        throw new SimulationFailure("S1: crashed " + h.name() + " holds addresses");
                    }
                }
                continue;
            }
            int masters = 0;
            int faults = 0;
            for (int k = 0; k < world.vrids(); k++) {
                InstanceState s = h.machines[k].state();
                boolean master = s instanceof InstanceState.Master;
                masters += master ? 1 : 0;
                faults += s instanceof InstanceState.Fault ? 1 : 0;
                if (h.vips[k] != master) {
                    throw new SimulationFailure("S1: " + h.name(k) + " is " + s.label()
                            + (h.vips[k] ? " but holds" : " but does not hold") + " the addresses");
                }
                if (h.machines[k].effectivePriority() != GroupWorld.expectedEffectivePriority(h)) {
                    throw new SimulationFailure(h.name(k) + " effective priority " + h.machines[k].effectivePriority()
                            + ", expected " + GroupWorld.expectedEffectivePriority(h));
                }
                long interval = h.settings.get(k).advertInterval().toNanos();
                if (master && now - h.lastAdvertAt[k] > interval + advertSlackNanos) {
                    throw new SimulationFailure("MASTER " + h.name(k) + " silent for "
                            + Trace.time(now - h.lastAdvertAt[k]).substring(2));
                }
            }
            if (masters != 0 && masters != world.vrids()) {
                throw new SimulationFailure("group split: " + masters + " of " + world.vrids() + " members of "
                        + h.name() + " are MASTER: " + states(h));
            }
            boolean started = !(h.machines[0].state() instanceof InstanceState.Initialize);
            if (started && h.anyFaulted() && faults != world.vrids()) {
                throw new SimulationFailure("a member of " + h.name() + " has a fault but not every member is FAULT: "
                        + states(h));
            }
        }
        if (settled(now)) {
            settledChecks++;
            checkGroups();
        }
    }

    /** Exactly one acceptable MASTER host per connected group, on every VRID. */
    private void checkGroups() {
        Map<Integer, List<GroupHost>> groups = new TreeMap<>();
        for (GroupHost h : world.hosts()) {
            groups.computeIfAbsent(world.network().hostGroupOf(h.id), g -> new ArrayList<>()).add(h);
        }
        for (var entry : groups.entrySet()) {
            List<ExpectedMaster.Candidate> eligible = new ArrayList<>();
            List<GroupHost> masters = new ArrayList<>();
            for (GroupHost h : entry.getValue()) {
                if (!h.live() || h.anyFaulted()) {
                    continue;
                }
                eligible.add(new ExpectedMaster.Candidate(h.id, GroupWorld.expectedEffectivePriority(h),
                        h.settings.getFirst().primaryAddress(), h.settings.getFirst().preempt()));
                for (int k = 0; k < world.vrids(); k++) {
                    InstanceState s = h.state(k);
                    if (!(s instanceof InstanceState.Master) && !(s instanceof InstanceState.Backup)) {
                        throw new SimulationFailure("eligible " + h.name(k) + " is " + s.label());
                    }
                }
                if (h.state(0) instanceof InstanceState.Master) {
                    masters.add(h);
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            if (masters.size() != 1) {
                throw new SimulationFailure("group of hosts " + entry.getKey() + " has " + masters.size()
                        + " master hosts " + masters.stream().map(GroupHost::name).toList() + " after a quiet period");
            }
            Set<Integer> acceptable = ExpectedMaster.acceptable(eligible);
            GroupHost master = masters.getFirst();
            if (!acceptable.contains(master.id)) {
                throw new SimulationFailure("group of hosts " + entry.getKey() + " master is " + master.name()
                        + " but the rule allows only " + acceptable.stream().map(id -> world.host(id).name()).toList());
            }
        }
    }

    private String states(GroupHost h) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < world.vrids(); k++) {
            out.add(h.names.get(k) + " " + h.state(k).label());
        }
        return out.toString();
    }
}
