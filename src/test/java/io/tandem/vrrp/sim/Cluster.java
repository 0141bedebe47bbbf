package io.tandem.vrrp.sim;

import io.tandem.vrrp.Action;
import io.tandem.vrrp.Event;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.PeerAdvert;
import io.tandem.vrrp.Priority;
import io.tandem.vrrp.Step;
import io.tandem.vrrp.VrrpInstanceMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Real state machines on an in-memory network under a simulated clock: a priority queue of
 * timed events, processed in time order (ties in scheduling order). After every event the
 * {@link Invariants} run.
 */
final class Cluster {
    private record Pending(long at, long seq, SimEvent event) {}

    private final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final SimNetwork network;
    private final RandomGenerator random;
    private final Trace trace;
    private final Invariants invariants;
    private final long quietMinDelay;
    private final long quietMaxDelay;
    private long now;
    private long seq;
    private long events;
    private long eventBudget = Long.MAX_VALUE;

    Cluster(List<InstanceSettings> settings, RandomGenerator random, long quietMaxDelayNanos, long settleNanos,
            long advertSlackNanos, Trace trace) {
        for (int i = 0; i < settings.size(); i++) {
            nodes.add(new SimNode(i, settings.get(i)));
        }
        this.random = random;
        this.trace = trace;
        this.quietMinDelay = Math.min(50_000, quietMaxDelayNanos);
        this.quietMaxDelay = quietMaxDelayNanos;
        this.network = new SimNetwork(settings.size(), quietMinDelay, quietMaxDelay);
        this.invariants = new Invariants(this, settleNanos, advertSlackNanos);
    }

    List<SimNode> nodes() {
        return nodes;
    }

    SimNode node(int id) {
        return nodes.get(id);
    }

    SimNetwork network() {
        return network;
    }

    Invariants invariants() {
        return invariants;
    }

    long now() {
        return now;
    }

    long events() {
        return events;
    }

    /** Fail instead of running on when a run needs more events than this (a packet storm). */
    void eventBudget(long budget) {
        this.eventBudget = budget;
    }

    void schedule(long at, SimEvent event) {
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

    private void dispatch(SimEvent event) {
        switch (event) {
            case SimEvent.Deliver d -> {
                SimNode n = nodes.get(d.to());
                if (n.crashed) {
                    return;
                }
                if (n.paused) {
                    n.inbox.add(d);
                    return;
                }
                trace.add(now, () -> n.name() + " <- n" + d.from() + " " + d.advert());
                feed(n, new Event.AdvertReceived(d.advert()));
            }
            case SimEvent.Timer t -> {
                SimNode n = nodes.get(t.node());
                if (n.crashed || n.machine == null || t.generation() != n.timerGeneration || n.paused) {
                    return;   // a paused node checks its deadline when it resumes
                }
                feed(n, new Event.TimerFired());
            }
            case SimEvent.Start s -> {
                SimNode n = nodes.get(s.node());
                if (n.paused && !n.crashed) {
                    n.inbox.add(s);
                    return;
                }
                start(n);
            }
            case SimEvent.Crash c -> {
                SimNode n = nodes.get(c.node());
                if (n.crashed) {
                    return;
                }
                trace.add(now, () -> n.name() + " CRASH" + (n.vips ? " (addresses gone with the host)" : ""));
                n.crashed = true;
                n.machine = null;
                n.vips = false;
                n.paused = false;
                n.inbox.clear();
                n.timerGeneration++;
            }
            case SimEvent.Stop s -> {
                SimNode n = nodes.get(s.node());
                if (!n.live()) {
                    return;
                }
                if (n.paused) {
                    n.inbox.add(s);
                    return;
                }
                trace.add(now, () -> n.name() + " STOP");
                feed(n, new Event.Shutdown());
                n.stopped = true;
            }
            case SimEvent.Resign r -> {
                SimNode n = nodes.get(r.node());
                if (!n.live() || n.machine == null) {
                    return;
                }
                if (n.paused) {
                    n.inbox.add(r);
                    return;
                }
                trace.add(now, () -> n.name() + " RESIGN");
                feed(n, new Event.Resign());
            }
            case SimEvent.Pause p -> {
                SimNode n = nodes.get(p.node());
                if (n.crashed || n.paused) {
                    return;
                }
                trace.add(now, () -> n.name() + " PAUSE");
                n.paused = true;
                n.pausedSinceAdvert = true;
            }
            case SimEvent.Resume r -> resume(nodes.get(r.node()));
            case SimEvent.SetWeight w -> {
                SimNode n = nodes.get(w.node());
                if (n.paused && !n.crashed) {
                    n.inbox.add(w);
                    return;
                }
                n.weightSum = w.weightSum();
                trace.add(now, () -> n.name() + " tracker weight " + w.weightSum());
                if (n.machine != null) {
                    n.fedWeightSum = w.weightSum();
                    feed(n, new Event.PriorityChanged(w.weightSum()));
                }
            }
            case SimEvent.SetFault f -> {
                SimNode n = nodes.get(f.node());
                if (n.paused && !n.crashed) {
                    n.inbox.add(f);
                    return;
                }
                n.faulted = f.raised();
                trace.add(now, () -> n.name() + (f.raised() ? " FAULT raised" : " FAULT cleared"));
                if (n.machine != null) {
                    feed(n, f.raised() ? new Event.FaultRaised() : new Event.FaultCleared());
                }
            }
            case SimEvent.SetPartition p -> {
                trace.add(now, p::toString);
                network.partition(p.groupOf());
            }
            case SimEvent.BlockOneWay b -> {
                trace.add(now, b::toString);
                network.block(b.from(), b.to());
            }
            case SimEvent.SetConditions c -> {
                trace.add(now, c::toString);
                network.loss = c.loss();
                network.duplicate = c.duplicate();
                network.minDelayNanos = c.minDelayNanos();
                network.maxDelayNanos = c.maxDelayNanos();
            }
            case SimEvent.Check _ -> {}
            case SimEvent.Probe p -> probe(p.crash());
            case SimEvent.ProbeDeadline _ -> invariants.probeDeadline();
            case SimEvent.ChaosBegins _ -> {
                trace.add(now, () -> "--- chaos begins");
                invariants.chaosBegins();
            }
            case SimEvent.Calm c -> {
                trace.add(now, () -> "--- calm" + (c.keepPartition() ? " (partition kept)" : ""));
                network.loss = 0;
                network.duplicate = 0;
                network.minDelayNanos = quietMinDelay;
                network.maxDelayNanos = quietMaxDelay;
                if (c.keepPartition()) {
                    network.liftOneWayBlocks();
                } else {
                    network.heal();
                }
                for (SimNode n : nodes) {
                    resume(n);
                }
                invariants.calmBegins(now);
            }
        }
    }

    /** See {@link SimEvent.Probe}. */
    private void probe(boolean crash) {
        invariants.chaosBegins();
        SimNode master = null;
        List<SimNode> backups = List.of();
        for (SimNode candidate : nodes) {
            if (!candidate.live() || candidate.faulted || !(candidate.state() instanceof InstanceState.Master)) {
                continue;
            }
            List<SimNode> others = nodes.stream()
                    .filter(b -> b != candidate && b.live() && !b.faulted && b.state() instanceof InstanceState.Backup
                            && network.groupOf(b.id) == network.groupOf(candidate.id))
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
        // The master's last regular advert may still be in flight and overtake the priority 0
        // one; then the backups rightly wait a whole Master_Down_Interval.
        boolean stopAsCrash = crash || now - master.lastAdvertAt <= quietMaxDelay;
        long bound = Long.MAX_VALUE;
        for (SimNode b : backups) {
            long masterAdverInterval = switch (b.settings.version()) {
                case V3 -> master.settings.advertInterval().toNanos();
                case V2 -> b.settings.advertInterval().toNanos();
            };
            int priority = b.machine.effectivePriority();
            long skew = switch (b.settings.version()) {   // the test's own formula, not VrrpTimers'
                case V3 -> (256 - priority) * masterAdverInterval / 256;   // RFC 5798 §6.1
                case V2 -> (256 - priority) * 1_000_000_000L / 256;        // RFC 3768 §6.1
            };
            bound = Math.min(bound, stopAsCrash ? 3 * masterAdverInterval + skew : skew);
        }
        long deadline = now + bound + quietMaxDelay + invariants.advertSlackNanos();
        String what = (crash ? "crash" : "stop") + " of MASTER " + master.name();
        trace.add(now, () -> "probe: " + what + ", takeover expected by " + Trace.time(deadline));
        invariants.expectTakeover(backups.stream().map(b -> b.id).toList(), deadline, what);
        schedule(deadline, new SimEvent.ProbeDeadline());
        dispatch(crash ? new SimEvent.Crash(master.id) : new SimEvent.Stop(master.id));
    }

    private void start(SimNode n) {
        if (n.live()) {
            return;
        }
        if (n.crashed) {
            n.machine = new VrrpInstanceMachine(n.settings);
            n.crashed = false;
            n.vips = false;
            n.paused = false;
            n.inbox.clear();
        }
        n.stopped = false;
        trace.add(now, () -> n.name() + " START" + (n.faulted ? " (in fault)" : "") + " weight " + n.weightSum);
        if (n.faulted) {
            feed(n, new Event.FaultRaised());
        }
        n.fedWeightSum = n.weightSum;
        feed(n, new Event.PriorityChanged(n.weightSum));
        feed(n, new Event.Startup());
    }

    private void resume(SimNode n) {
        if (!n.paused) {
            return;
        }
        // The daemon's loop may look at its timers before or after the packets that queued up.
        boolean timersFirst = random.nextBoolean();
        trace.add(now, () -> n.name() + " RESUME, " + n.inbox.size() + " queued, timers "
                + (timersFirst ? "first" : "last"));
        n.paused = false;
        if (timersFirst) {
            fireIfDue(n);
        }
        while (!n.inbox.isEmpty() && !n.paused && !n.crashed) {
            dispatch(n.inbox.removeFirst());
        }
        fireIfDue(n);
    }

    private void fireIfDue(SimNode n) {
        if (n.machine != null && !n.crashed && !n.paused) {
            var deadline = n.machine.deadline();
            if (deadline.isPresent() && deadline.getAsLong() <= now) {
                feed(n, new Event.TimerFired());
            }
        }
    }

    /** Hands one event to a node's machine and carries out its actions. */
    private void feed(SimNode n, Event event) {
        InstanceState before = n.machine.state();
        Step step = n.machine.handle(event, now);
        StepShape.check(n.name(), n.machine.effectivePriority(), before, step);
        for (Action action : step.actions()) {
            apply(n, action);
        }
        n.timerGeneration++;
        if (step.deadline().isPresent()) {
            schedule(Math.max(now, step.deadline().getAsLong()), new SimEvent.Timer(n.id, n.timerGeneration));
        }
    }

    private void apply(SimNode n, Action action) {
        switch (action) {
            case Action.SendAdvert(int priority) -> {
                if (priority != Priority.STOP) {
                    n.lastAdvertAt = now;
                    n.pausedSinceAdvert = false;
                }
                broadcast(n, new PeerAdvert(priority, n.settings.primaryAddress(), n.settings.advertInterval()));
            }
            case Action.AddVips _ -> {
                if (n.vips) {
                    throw new SimulationFailure(n.name() + " AddVips while holding the addresses");
                }
                n.vips = true;
            }
            case Action.RemoveVips _ -> {
                if (!n.vips) {
                    throw new SimulationFailure(n.name() + " RemoveVips without holding the addresses");
                }
                n.vips = false;
            }
            case Action.SendGratuitousArp(int repeat) -> {
                if (!n.vips) {
                    throw new SimulationFailure(n.name() + " gratuitous ARP without holding the addresses");
                }
                n.garpsSent += repeat;
            }
            case Action.CancelGratuitousArp _ -> {}
            case Action.EffectivePriorityChanged c -> trace.add(now, () -> n.name() + " effective priority " + c.from()
                    + " -> " + c.to());
            case Action.Transition t -> {
                n.transitions++;
                trace.add(now, () -> n.name() + " " + t);
                invariants.transition(n, t);
            }
            case Action.Notify _ -> {}
            case Action.WantsMaster _, Action.WantsBackup _, Action.OwnFaultChanged _ ->
                    throw new SimulationFailure(n.name() + " is in no sync group but emitted " + action);
        }
    }

    private void broadcast(SimNode from, PeerAdvert advert) {
        trace.add(now, () -> from.name() + " sends priority " + advert.priority());
        for (SimNode to : nodes) {
            if (to == from || !network.reaches(from.id, to.id)) {
                continue;
            }
            if (network.loss > 0 && random.nextDouble() < network.loss) {
                continue;
            }
            schedule(now + delay(), new SimEvent.Deliver(to.id, from.id, advert));
            if (network.duplicate > 0 && random.nextDouble() < network.duplicate) {
                schedule(now + delay(), new SimEvent.Deliver(to.id, from.id, advert));
            }
        }
    }

    private long delay() {
        long min = network.minDelayNanos;
        long max = network.maxDelayNanos;
        return max <= min ? min : random.nextLong(min, max + 1);
    }

    /** The effective priority the node should have, computed independently of the machine. */
    static int expectedEffectivePriority(SimNode n) {
        return Priority.effective(n.settings.priority(), n.fedWeightSum);
    }

    InstanceState stateOf(int id) {
        return nodes.get(id).state();
    }
}
