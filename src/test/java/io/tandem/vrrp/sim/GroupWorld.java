package io.tandem.vrrp.sim;

import io.tandem.vrrp.Action;
import io.tandem.vrrp.Event;
import io.tandem.vrrp.GroupAction;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.PeerAdvert;
import io.tandem.vrrp.Priority;
import io.tandem.vrrp.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Hosts that each run one sync group (a member per VRID, real machines and a real
 * {@link io.tandem.vrrp.SyncGroup}) on an in-memory network under a simulated clock. The host
 * carries out the group's answers at once, as the daemon's control loop does. After every event
 * the {@link GroupInvariants} run.
 */
final class GroupWorld {
    private record Pending(long at, long seq, GroupSimEvent event) {}

    private final List<GroupHost> hosts = new ArrayList<>();
    private final int vrids;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final GroupNetwork network;
    private final RandomGenerator random;
    private final Trace trace;
    private final GroupInvariants invariants;
    private final long quietMinDelay;
    private final long quietMaxDelay;
    private long now;
    private long seq;
    private long events;
    private long eventBudget = Long.MAX_VALUE;
    long groupMoves;

    /** @param settings per host, one settings per member (VRID) */
    GroupWorld(List<List<InstanceSettings>> settings, RandomGenerator random, long quietMaxDelayNanos, long settleNanos,
               long advertSlackNanos, Trace trace) {
        for (int i = 0; i < settings.size(); i++) {
            hosts.add(new GroupHost(i, settings.get(i)));
        }
        this.vrids = settings.getFirst().size();
        this.random = random;
        this.trace = trace;
        this.quietMinDelay = Math.min(50_000, quietMaxDelayNanos);
        this.quietMaxDelay = quietMaxDelayNanos;
        this.network = new GroupNetwork(settings.size(), vrids, quietMinDelay, quietMaxDelay);
        this.invariants = new GroupInvariants(this, settleNanos, advertSlackNanos);
    }

    List<GroupHost> hosts() {
        return hosts;
    }

    GroupHost host(int id) {
        return hosts.get(id);
    }

    int vrids() {
        return vrids;
    }

    GroupNetwork network() {
        return network;
    }

    GroupInvariants invariants() {
        return invariants;
    }

    long now() {
        return now;
    }

    long events() {
        return events;
    }

    void eventBudget(long budget) {
        this.eventBudget = budget;
    }

    void schedule(long at, GroupSimEvent event) {
        queue.add(new Pending(at, seq++, event));
    }

    /** Processes every event due up to {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Pending p = queue.poll();
            now = p.at;
            if (++events > eventBudget) {
                throw new SimulationFailure("more than " + eventBudget + " events: a packet storm?");
            }
            dispatch(p.event);
            invariants.afterEvent();
        }
        now = end;
    }

    private void dispatch(GroupSimEvent event) {
        switch (event) {
            case GroupSimEvent.Deliver d -> {
                GroupHost h = hosts.get(d.to());
                if (h.crashed) {
                    return;
                }
                trace.add(now, () -> h.name(d.vrid()) + " <- h" + d.from() + " " + d.advert());
                feed(h, d.vrid(), new Event.AdvertReceived(d.advert()));
            }
            case GroupSimEvent.Timer t -> {
                GroupHost h = hosts.get(t.host());
                if (!h.crashed && h.machines != null && t.generation() == h.timerGeneration[t.vrid()]) {
                    feed(h, t.vrid(), new Event.TimerFired());
                }
            }
            case GroupSimEvent.Start s -> start(hosts.get(s.host()));
            case GroupSimEvent.Crash c -> {
                GroupHost h = hosts.get(c.host());
                if (h.crashed) {
                    return;
                }
                trace.add(now, () -> h.name() + " CRASH");
                h.crashed = true;
                h.machines = null;
                h.group = null;
                java.util.Arrays.fill(h.vips, false);
                for (int k = 0; k < vrids; k++) {
                    h.timerGeneration[k]++;
                }
            }
            case GroupSimEvent.Stop s -> {
                GroupHost h = hosts.get(s.host());
                if (!h.live()) {
                    return;
                }
                trace.add(now, () -> h.name() + " STOP");
                for (int k = 0; k < vrids; k++) {
                    feed(h, k, new Event.Shutdown());
                }
                h.stopped = true;
            }
            case GroupSimEvent.SetFault f -> {
                GroupHost h = hosts.get(f.host());
                h.faulted[f.vrid()] = f.raised();
                trace.add(now, () -> h.name(f.vrid()) + (f.raised() ? " FAULT raised" : " FAULT cleared"));
                if (h.machines != null) {
                    feed(h, f.vrid(), f.raised() ? new Event.FaultRaised() : new Event.FaultCleared());
                }
            }
            case GroupSimEvent.SetWeight w -> {
                GroupHost h = hosts.get(w.host());
                h.weightSum = w.weightSum();
                trace.add(now, () -> h.name() + " tracker weight " + w.weightSum());
                if (h.machines != null) {
                    h.fedWeightSum = w.weightSum();
                    for (int k = 0; k < vrids; k++) {
                        feed(h, k, new Event.PriorityChanged(w.weightSum()));
                    }
                }
            }
            case GroupSimEvent.SetPartition p -> {
                trace.add(now, p::toString);
                if (p.vrid() < 0) {
                    network.partitionHosts(p.groupOf());
                } else {
                    network.partitionVrid(p.vrid(), p.groupOf());
                }
            }
            case GroupSimEvent.BlockOneWay b -> {
                trace.add(now, b::toString);
                network.block(b.vrid(), b.from(), b.to());
            }
            case GroupSimEvent.SetConditions c -> {
                trace.add(now, c::toString);
                network.loss = c.loss();
                network.duplicate = c.duplicate();
                network.minDelayNanos = c.minDelayNanos();
                network.maxDelayNanos = c.maxDelayNanos();
            }
            case GroupSimEvent.Check _ -> {}
            case GroupSimEvent.Probe p -> probe(p.crash());
            case GroupSimEvent.ProbeDeadline _ -> invariants.probeDeadline();
            case GroupSimEvent.ChaosBegins _ -> {
                trace.add(now, () -> "--- chaos begins");
                invariants.chaosBegins();
            }
            case GroupSimEvent.Calm c -> {
                trace.add(now, () -> "--- calm" + (c.keepPartition() ? " (host partition kept)" : ""));
                network.loss = 0;
                network.duplicate = 0;
                network.minDelayNanos = quietMinDelay;
                network.maxDelayNanos = quietMaxDelay;
                network.calm(c.keepPartition());
                invariants.calmBegins(now);
            }
        }
    }

    /** The daemon's start: a new one after a crash; every member's tracking first, then every start-up. */
    private void start(GroupHost h) {
        if (h.live()) {
            return;
        }
        if (h.crashed) {
            h.boot();
        }
        h.stopped = false;
        trace.add(now, () -> h.name() + " START weight " + h.weightSum);
        h.fedWeightSum = h.weightSum;
        for (int k = 0; k < vrids; k++) {
            if (h.faulted[k]) {
                feed(h, k, new Event.FaultRaised());
            }
            feed(h, k, new Event.PriorityChanged(h.weightSum));
        }
        for (int k = 0; k < vrids; k++) {
            feed(h, k, new Event.Startup());
        }
    }

    /** See {@link GroupSimEvent.Probe}. */
    private void probe(boolean crash) {
        invariants.chaosBegins();
        GroupHost master = null;
        List<GroupHost> backups = List.of();
        for (GroupHost candidate : hosts) {
            if (!candidate.live() || candidate.anyFaulted() || !(candidate.state(0) instanceof InstanceState.Master)) {
                continue;
            }
            List<GroupHost> others = hosts.stream()
                    .filter(b -> b != candidate && b.live() && !b.anyFaulted() && b.state(0) instanceof InstanceState.Backup
                            && network.hostGroupOf(b.id) == network.hostGroupOf(candidate.id))
                    .toList();
            if (others.size() > backups.size()) {
                master = candidate;
                backups = others;
            }
        }
        if (master == null) {
            trace.add(now, () -> "probe: no master with a backup");
            return;
        }
        GroupHost m = master;
        boolean recentAdvert = false;
        for (int k = 0; k < vrids; k++) {
            recentAdvert |= now - m.lastAdvertAt[k] <= quietMaxDelay;
        }
        // A member's last regular advert may overtake its priority 0: then wait as after a crash.
        boolean stopAsCrash = crash || recentAdvert;
        long bound = Long.MAX_VALUE;
        for (GroupHost b : backups) {
            long slowestMember = 0;
            for (int k = 0; k < vrids; k++) {
                InstanceSettings s = b.settings.get(k);
                long mai = switch (s.version()) {
                    case V3 -> m.settings.get(k).advertInterval().toNanos();
                    case V2 -> s.advertInterval().toNanos();
                };
                int priority = b.machines[k].effectivePriority();
                long skew = switch (s.version()) {   // the test's own formula, not VrrpTimers'
                    case V3 -> (256 - priority) * mai / 256;
                    case V2 -> (256 - priority) * 1_000_000_000L / 256;
                };
                slowestMember = Math.max(slowestMember, stopAsCrash ? 3 * mai + skew : skew);
            }
            bound = Math.min(bound, slowestMember);
        }
        long deadline = now + bound + quietMaxDelay + invariants.advertSlackNanos();
        String what = (crash ? "crash" : "stop") + " of MASTER " + m.name();
        trace.add(now, () -> "probe: " + what + ", takeover expected by " + Trace.time(deadline));
        invariants.expectTakeover(backups.stream().map(b -> b.id).toList(), deadline, what);
        schedule(deadline, new GroupSimEvent.ProbeDeadline());
        dispatch(crash ? new GroupSimEvent.Crash(m.id) : new GroupSimEvent.Stop(m.id));
    }

    /** Hands one event to a member's machine, carries out its actions, then its group's answer. */
    void feed(GroupHost h, int vrid, Event event) {
        InstanceState before = h.machines[vrid].state();
        Step step = h.machines[vrid].handle(event, now);
        StepShape.check(h.name(vrid), h.machines[vrid].effectivePriority(), before, step);
        for (Action action : step.actions()) {
            apply(h, vrid, action);
        }
        h.timerGeneration[vrid]++;
        if (step.deadline().isPresent()) {
            schedule(Math.max(now, step.deadline().getAsLong()), new GroupSimEvent.Timer(h.id, vrid, h.timerGeneration[vrid]));
        }
        for (GroupAction a : h.group.react(h.names.get(vrid), step)) {
            switch (a) {
                case GroupAction.GroupTransition t -> {
                    groupMoves++;
                    trace.add(now, () -> h.name() + " group " + t);
                }
                case GroupAction.Feed f -> feed(h, h.member(f.member()), f.event());
                case GroupAction.GroupNotify _ -> {}
            }
        }
    }

    private void apply(GroupHost h, int vrid, Action action) {
        switch (action) {
            case Action.SendAdvert(int priority) -> {
                if (priority != Priority.STOP) {
                    h.lastAdvertAt[vrid] = now;
                }
                broadcast(h, vrid, new PeerAdvert(priority, h.settings.get(vrid).primaryAddress(),
                        h.settings.get(vrid).advertInterval()));
            }
            case Action.AddVips _ -> {
                if (h.vips[vrid]) {
                    throw new SimulationFailure(h.name(vrid) + " AddVips while holding the addresses");
                }
                h.vips[vrid] = true;
            }
            case Action.RemoveVips _ -> {
                if (!h.vips[vrid]) {
                    throw new SimulationFailure(h.name(vrid) + " RemoveVips without holding the addresses");
                }
                h.vips[vrid] = false;
            }
            case Action.SendGratuitousArp _ -> {
                if (!h.vips[vrid]) {
                    throw new SimulationFailure(h.name(vrid) + " gratuitous ARP without holding the addresses");
                }
            }
            case Action.Transition t -> {
                h.transitions++;
                trace.add(now, () -> h.name(vrid) + " " + t);
                invariants.transition(h, t);
            }
            case Action.WantsMaster w -> trace.add(now, () -> h.name(vrid) + " wants MASTER (" + w.cause().text() + ")");
            case Action.WantsBackup _ -> trace.add(now, () -> h.name(vrid) + " wants BACKUP");
            case Action.CancelGratuitousArp _, Action.EffectivePriorityChanged _, Action.Notify _,
                 Action.OwnFaultChanged _ -> {}
        }
    }

    private void broadcast(GroupHost from, int vrid, PeerAdvert advert) {
        for (GroupHost to : hosts) {
            if (to == from || !network.reaches(vrid, from.id, to.id)) {
                continue;
            }
            if (network.loss > 0 && random.nextDouble() < network.loss) {
                continue;
            }
            schedule(now + delay(), new GroupSimEvent.Deliver(vrid, to.id, from.id, advert));
            if (network.duplicate > 0 && random.nextDouble() < network.duplicate) {
                schedule(now + delay(), new GroupSimEvent.Deliver(vrid, to.id, from.id, advert));
            }
        }
    }

    private long delay() {
        long min = network.minDelayNanos;
        long max = network.maxDelayNanos;
        return max <= min ? min : random.nextLong(min, max + 1);
    }

    /** The effective priority every member of the host should have, computed independently. */
    static int expectedEffectivePriority(GroupHost h) {
        return Priority.effective(h.settings.getFirst().priority(), h.fedWeightSum);
    }
}
