package io.tandem.daemon;

import io.tandem.config.VrrpInstance;
import io.tandem.linux.GratuitousArp;
import io.tandem.linux.NativeCallException;
import io.tandem.linux.Rtnetlink;
import io.tandem.linux.VrrpSocket;
import io.tandem.notify.Alerts;
import io.tandem.notify.NotifyQueue;
import io.tandem.track.EffectivePriority;
import io.tandem.track.Tracked;
import io.tandem.vrrp.Accepted;
import io.tandem.vrrp.Action;
import io.tandem.vrrp.AdvertEncoder;
import io.tandem.vrrp.Event;
import io.tandem.vrrp.Expectation;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.Ipv4;
import io.tandem.vrrp.PeerAdvert;
import io.tandem.vrrp.Step;
import io.tandem.vrrp.VrrpInstanceMachine;
import java.lang.System.Logger.Level;
import io.tandem.status.InstanceView;
import io.tandem.status.TimelineEntry;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One running vrrp_instance on the control loop: its state machine and everything the machine's
 * actions touch (socket, addresses, gratuitous ARP, notify scripts). A member of a
 * vrrp_sync_group shows every step to its {@link SyncGroupRuntime}, which starts it and may feed
 * it more events. All methods run on the loop.
 */
final class InstanceRuntime {
    private static final System.Logger LOG = System.getLogger(InstanceRuntime.class.getName());
    private final VrrpInstance config;
    private final VrrpInstanceMachine machine;
    private final Expectation expectation;
    private final Inet4Address source;
    private final List<Inet4Address> destinations;
    private final VrrpSocket socket;
    private final Rtnetlink netlink;
    private final List<Vip> vips;
    private final ControlLoop loop;
    private final StateNotifier notifier;
    private final Supplier<List<Tracked>> tracking;
    /** The local mysqld's fencing and catch-up, for an instance with a {@code mysql {}} block. */
    private final Optional<WriteGuard> guard;
    private SyncGroupRuntime group;
    private boolean waitingForGroup;
    private int ipId;
    private ControlLoop.Timer timer;
    private boolean started;
    private boolean fault;
    private int weightSum;
    /** The state before a reload, to resume from (keepalived {@code restore_vrrp_state}); null on a fresh start. */
    private InstanceState resumeFrom;
    /** Replaced by a reload or stopped for good: nothing here acts any more. */
    private boolean detached;
    private int masterPriority;
    /** While on ({@code tandem maintenance on}), tracking no longer changes fault or priority. */
    private final java.util.function.BooleanSupplier maintenance;
    private boolean heldSaid;
    /** After a planned switchover: the new master this instance stepped down for, until it is MASTER again. */
    private String yieldedTo;
    // What the status output shows (loop thread only; published as an InstanceView).
    private long advertsSent;
    private long advertsReceived;
    private long priorityZeroSent;
    private long priorityZeroReceived;
    private long transitions;
    private long becameMaster;
    private long releasedMaster;
    private InstanceView.TransitionView lastTransition;
    private InstanceView.PeerHeard lastHeard;
    private final Timeline timeline;

    /** A virtual address resolved to its interface, with the packet socket its gratuitous ARPs go out on. */
    record Vip(VrrpInstance.VirtualAddress address, int ifindex, GratuitousArp garp) {}

    InstanceRuntime(VrrpInstance config, VrrpInstanceMachine machine, Expectation expectation, Inet4Address source,
                    List<Inet4Address> destinations, VrrpSocket socket, Rtnetlink netlink, List<Vip> vips,
                    ControlLoop loop, NotifyQueue notify, Alerts alerts, Optional<String> scriptUser,
                    Supplier<List<Tracked>> tracking, Optional<WriteGuard> guard, Timeline timeline,
                    java.util.function.BooleanSupplier maintenance) {
        this.timeline = timeline;
        this.maintenance = maintenance;
        this.config = config;
        this.machine = machine;
        this.expectation = expectation;
        this.source = source;
        this.destinations = List.copyOf(destinations);
        this.socket = socket;
        this.netlink = netlink;
        this.vips = List.copyOf(vips);
        this.loop = loop;
        this.notifier = new StateNotifier(config.notifyScripts(), StateNotifier.Kind.INSTANCE, config.name(), notify, scriptUser,
                alerts, config.smtpAlert());
        this.tracking = tracking;
        this.guard = guard;
    }

    String name() {
        return config.name();
    }

    VrrpInstance config() {
        return config;
    }

    Expectation expectation() {
        return expectation;
    }

    InstanceState state() {
        return machine.state();
    }

    /** After a reload: start in the state the replaced instance had (see {@link Event.Resume}). */
    void resumeFrom(InstanceState before) {
        this.resumeFrom = before;
    }

    boolean resuming() {
        return resumeFrom != null;
    }

    /** The state a reload resumes from, or null. */
    InstanceState resumingFrom() {
        return resumeFrom;
    }

    /**
     * On reload, before {@link #detach}: {@code successor} takes this instance's place. A master
     * releases the addresses the successor does not have; the rest stay in the kernel for it.
     */
    void retireFor(InstanceRuntime successor) {
        if (machine.state() instanceof InstanceState.Master) {
            for (Vip v : vips) {
                boolean kept = successor.vips.stream().anyMatch(n -> n.ifindex() == v.ifindex()
                        && n.address().address().equals(v.address().address())
                        && n.address().prefixLength() == v.address().prefixLength());
                if (!kept) {
                    LOG.log(Level.INFO, "({0}) reload: releasing {1}, no longer configured", name(), v.address());
                    try {
                        deleteVip(v);
                    } catch (NativeCallException e) {
                        LOG.log(Level.WARNING, "({0}) releasing {1} failed: {2}", name(), v.address(), e.getMessage());
                    }
                }
            }
        }
    }

    /** From now on events, timers and tracking are ignored: a reload replaced this instance. */
    void detach() {
        detached = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Makes this instance a member of {@code g}: {@code g} starts it and sees its steps. Before {@link #retrack}. */
    void joinGroup(SyncGroupRuntime g) {
        this.group = g;
    }

    /**
     * Warms what a takeover runs after its advert (address add, gratuitous ARP, advert encoding)
     * without touching the network: the requests go to interface index 0, which the kernel refuses.
     * A JVM that just started would otherwise take its first takeover in the interpreter.
     */
    void rehearseTakeover(int rounds) {
        for (int i = 0; i < rounds; i++) {
            AdvertEncoder.datagram(expectation.advert(machine.effectivePriority()), source, destinations.getFirst(), 1);
            for (Vip v : vips) {
                try {
                    netlink.addAddress(0, v.address().address(), v.address().prefixLength(), v.address().label().orElse(null));
                } catch (NativeCallException expected) {
                    // ENODEV: no interface 0
                }
                v.garp().rehearse(v.address().address());
            }
        }
    }

    /** Removes addresses of ours left by an earlier run that died without cleaning up. */
    void removeStaleVips() {
        for (Vip v : vips) {
            boolean present = netlink.addresses(v.ifindex()).stream().anyMatch(a -> a.address().equals(v.address().address()));
            if (present) {
                LOG.log(Level.WARNING, "({0}) removing stale virtual address {1} left from an earlier run", name(), v.address());
                deleteVip(v);
            }
        }
    }

    /**
     * Follows tracking: fault and priority once running; before that, starts the machine once
     * tracking allows it (no weight-0 check still unknown), a sync group's members all together.
     */
    void retrack() {
        if (detached) {
            return;
        }
        if (!started) {
            if (group != null) {
                group.startWhenAllReady();
            } else if (trackingKnown()) {
                prime();
                startup();
            }
            return;
        }
        EffectivePriority.Result r = EffectivePriority.of(tracking.get());
        if (maintenance.getAsBoolean()) {
            if (!heldSaid && (r.fault() != fault || r.weightSum() != weightSum)) {
                LOG.log(Level.WARNING, "({0}) maintenance: tracking says {1}; holding the current placement", name(),
                        r.fault() ? "fault (" + String.join(", ", r.causes()) + ")" : "priority "
                                + io.tandem.vrrp.Priority.effective(config.priority(), r.weightSum()));
                heldSaid = true;
            }
            return;
        }
        heldSaid = false;
        if (r.fault() != fault) {
            fault = r.fault();
            if (fault) {
                LOG.log(Level.WARNING, "({0}) fault: {1}", name(), String.join(", ", r.causes()));
            }
            handle(fault ? new Event.FaultRaised() : new Event.FaultCleared());
        }
        if (r.weightSum() != weightSum) {
            weightSum = r.weightSum();
            handle(new Event.PriorityChanged(weightSum));
        }
    }

    /**
     * {@code tandem switchover}: a master steps down for {@code target} (priority 0, addresses
     * released after the fence) and, until it is MASTER again, stays below the new master's
     * priority (see {@link VrrpEngine}'s tracking). Returns false when not MASTER.
     */
    boolean resign(String target) {
        if (detached || !(machine.state() instanceof InstanceState.Master)) {
            return false;
        }
        yieldedTo = target;
        LOG.log(Level.INFO, "({0}) planned switchover: stepping down for {1}", name(), target);
        handle(new Event.Resign());
        retrack();
        return true;
    }

    /** The master this instance stepped down for in a switchover, while it is not MASTER again. */
    Optional<String> yieldedTo() {
        return Optional.ofNullable(yieldedTo);
    }

    /** The address the last advert came from, if any was heard. */
    Optional<String> lastHeardFrom() {
        return Optional.ofNullable(lastHeard).map(InstanceView.PeerHeard::address);
    }

    /** After a reload: the replaced instance had stepped down for {@code target}. */
    void yieldedTo(Optional<String> target) {
        yieldedTo = target.orElse(null);
    }

    /** True when no weight-0 check is still unknown: the instance may start. */
    boolean trackingKnown() {
        return !EffectivePriority.of(tracking.get()).waiting();
    }

    /** Before {@link #startup()}: tells the machine the fault and weights tracking reports now. */
    void prime() {
        EffectivePriority.Result r = EffectivePriority.of(tracking.get());
        started = true;
        if (r.fault()) {
            fault = true;
            LOG.log(Level.WARNING, "({0}) fault at start-up: {1}", name(), String.join(", ", r.causes()));
            handle(new Event.FaultRaised());
        }
        if (r.weightSum() != 0) {
            weightSum = r.weightSum();
            handle(new Event.PriorityChanged(weightSum));
        }
    }

    void startup() {
        if (resumeFrom != null) {
            LOG.log(Level.INFO, "({0}) reload: resuming from {1}", name(), resumeFrom.label());
            handle(new Event.Resume(resumeFrom));
        } else {
            handle(new Event.Startup());
        }
    }

    /** An event from this instance's sync group (keepalived vrrp_sync_*). */
    void feed(Event e) {
        handle(e);
    }

    /** The priority of the last master heard (0 when none yet): a held-back failback stays below it. */
    int masterPriority() {
        return masterPriority;
    }

    void advert(Accepted a) {
        if (!started) {
            return;
        }
        int p = a.advert().priority();
        advertsReceived++;
        if (p == 0) {
            priorityZeroReceived++;
        }
        lastHeard = new InstanceView.PeerHeard(a.received().source().getHostAddress(), p, Instant.now());
        if (p > 0 && p != masterPriority && !(machine.state() instanceof InstanceState.Master)) {
            masterPriority = p;
            if (guard.isPresent()) {
                retrack();
            }
        }
        handle(new Event.AdvertReceived(new PeerAdvert(a.advert().priority(), a.received().source(),
                a.advert().advertInterval())));
    }

    void shutdown() {
        if (started) {
            handle(new Event.Shutdown());
        }
        if (timer != null) {
            timer.cancel();
        }
    }

    private void handle(Event e) {
        if (detached) {
            return;
        }
        Step step = machine.handle(e, loop.now());
        for (Action a : step.actions()) {
            try {
                perform(a);
            } catch (NativeCallException ex) {
                // the kernel said no (interface down, address gone): one line, the errno says it all
                LOG.log(Level.WARNING, "({0}) {1} failed: {2}", name(), a, ex.getMessage());
            } catch (RuntimeException ex) {
                LOG.log(Level.ERROR, "(" + name() + ") " + a + " failed", ex);
            }
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        step.deadline().ifPresent(d -> timer = loop.at(d, name() + " timer", () -> handle(new Event.TimerFired())));
        if (group != null) {
            group.after(this, step);
        }
    }

    private void perform(Action a) {
        switch (a) {
            case Action.Transition t -> {
                LOG.log(Level.INFO, "({0}) {1}", name(), t);
                transitions++;
                if (t.to() instanceof InstanceState.Master) {
                    becameMaster++;
                }
                if (t.from() instanceof InstanceState.Master) {
                    releasedMaster++;
                }
                lastTransition = new InstanceView.TransitionView(t.from().label(), t.to().label(), t.cause().text(), Instant.now());
                timeline.add(new TimelineEntry(name(), t.from().label(), t.to().label(), t.cause().text(), lastTransition.at()));
                waitingForGroup = false;
                if (t.to() instanceof InstanceState.Master && yieldedTo != null) {
                    yieldedTo = null;   // MASTER again: the switchover's hold ends
                    loop.post(this::retrack);
                }
                guard.ifPresent(g -> {
                    if (t.to() instanceof InstanceState.Master) {
                        g.becomeMaster();
                    } else if (!(t.from() instanceof InstanceState.Master)) {
                        g.notMaster(t.to().label());
                    } // leaving MASTER: RemoveVips fences, then releases
                });
            }
            case Action.SendAdvert s -> sendAdvert(s.priority());
            case Action.AddVips x -> vips.forEach(this::addVip);
            case Action.RemoveVips x -> {
                if (guard.isPresent()) {
                    // fence first, then release (issue 4, point 3); unless MASTER again by then
                    guard.get().leaveMaster(machine.state().label(), () -> {
                        if (!(machine.state() instanceof InstanceState.Master)) {
                            vips.forEach(this::deleteVipLogged);
                        }
                    });
                } else {
                    vips.forEach(this::deleteVip);
                }
            }
            case Action.SendGratuitousArp g -> {
                for (int i = 0; i < g.repeat(); i++) {
                    for (Vip v : vips) {
                        v.garp().send(v.address().address());
                    }
                }
            }
            case Action.CancelGratuitousArp c -> { } // bursts are timers of the machine; nothing is queued here
            case Action.EffectivePriorityChanged p ->
                    LOG.log(Level.INFO, "({0}) effective priority {1} -> {2}", name(), p.from(), p.to());
            case Action.Notify n -> notifier.entered(stateWord(n.to()), machine.effectivePriority());
            case Action.WantsMaster w -> {
                // keepalived repeats this every Master_Down_Interval while the group holds it back
                LOG.log(waitingForGroup ? Level.DEBUG : Level.INFO, "({0}) wants MASTER ({1}); sync group {2} decides",
                        name(), w.cause().text(), group == null ? "?" : group.name());
                waitingForGroup = true;
            }
            case Action.WantsBackup w -> waitingForGroup = false;
            case Action.OwnFaultChanged f -> { }
        }
    }

    private void sendAdvert(int priority) {
        ipId = Ipv4.nextIdentification(ipId);
        advertsSent++;
        if (priority == 0) {
            priorityZeroSent++;
        }
        for (Inet4Address dst : destinations) {
            socket.send(AdvertEncoder.datagram(expectation.advert(priority), source, dst, ipId));
        }
    }

    private void addVip(Vip v) {
        try {
            netlink.addAddress(v.ifindex(), v.address().address(), v.address().prefixLength(), v.address().label().orElse(null));
        } catch (NativeCallException e) {
            if (!"EEXIST".equals(e.errnoName())) {
                throw e;
            }
        }
    }

    private void deleteVipLogged(Vip v) {
        try {
            deleteVip(v);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "({0}) releasing {1} failed: {2}", name(), v.address(), e.getMessage());
        }
    }

    private void deleteVip(Vip v) {
        try {
            netlink.deleteAddress(v.ifindex(), v.address().address(), v.address().prefixLength());
        } catch (NativeCallException e) {
            if (!"EADDRNOTAVAIL".equals(e.errnoName())) {
                throw e;
            }
        }
    }

    /** What {@code tandem status} shows of this instance now. Loop thread. */
    InstanceView view(String channel, java.util.Map<String, Long> drops) {
        List<InstanceView.Adjustment> adjustments = tracking.get().stream().map(t -> new InstanceView.Adjustment(t.name(),
                t.weight(), t.reverse(), t.good().map(g -> g ? "up" : "down").orElse("unknown"), EffectivePriority.change(t),
                EffectivePriority.faults(t))).toList();
        List<String> addresses = vips.stream().map(v -> v.address().address().getHostAddress() + "/" + v.address().prefixLength()
                + v.address().dev().map(d -> " dev " + d).orElse("")).toList();
        return new InstanceView(name(), machine.state().label(), config.iface(), config.virtualRouterId(), config.version(),
                config.priority(), machine.effectivePriority(), fault, adjustments, addresses, Optional.ofNullable(lastHeard),
                Optional.ofNullable(lastTransition), transitions, becameMaster, releasedMaster, advertsSent, advertsReceived,
                priorityZeroSent, priorityZeroReceived, channel, drops, guard.map(WriteGuard::view));
    }

    /** keepalived's word for a state in notifications. */
    private static String stateWord(InstanceState s) {
        return switch (s) {
            case InstanceState.Master m -> "MASTER";
            case InstanceState.Backup b -> "BACKUP";
            case InstanceState.Fault f -> "FAULT";
            case InstanceState.Initialize i -> "STOP";
        };
    }
}
