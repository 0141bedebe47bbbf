package io.tandem.daemon;

import io.tandem.check.CheckReport;
import io.tandem.check.PeriodicCheck;
import io.tandem.check.Probe;
import io.tandem.check.ScriptProbe;
import io.tandem.config.VirtualServer;
import io.tandem.config.GlobalDefs;
import io.tandem.config.InstanceTracking;
import io.tandem.config.MysqlFailover;
import io.tandem.mysql.MysqlEndpoint;
import java.io.IOException;
import java.time.Duration;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.VrrpInstance;
import io.tandem.config.VrrpScript;
import io.tandem.config.VrrpSyncGroup;
import io.tandem.linux.GratuitousArp;
import io.tandem.linux.LinkAddress;
import io.tandem.linux.Rtnetlink;
import io.tandem.linux.VrrpSocket;
import io.tandem.notify.Alerts;
import io.tandem.notify.NotifyQueue;
import io.tandem.script.CommandLine;
import io.tandem.status.CheckView;
import io.tandem.status.InstanceView;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.track.EffectivePriority;
import io.tandem.track.RiseFall;
import io.tandem.track.Tracked;
import io.tandem.vrrp.Accepted;
import io.tandem.vrrp.Acceptance;
import io.tandem.vrrp.Expectation;
import io.tandem.vrrp.GroupMembership;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.Ipv4;
import io.tandem.vrrp.ProtocolVersion;
import io.tandem.vrrp.SyncGroup;
import io.tandem.vrrp.VrrpInstanceMachine;
import io.tandem.vrrp.VrrpTimers;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the configuration's VRRP instances: builds sockets, state machines, checks and the link
 * watcher, and routes their events to the control loop. Construction does the system calls
 * (and fails with a clear message); everything after {@link #start()} happens on the loop.
 *
 * <p>A reload builds a new engine beside the running one with what the old one knows
 * ({@link #carryTo}): the state of each instance that still exists, found as keepalived's
 * {@code vrrp_exist} does by interface, VRID and unicast or multicast; the results of unchanged
 * {@code vrrp_script}s; the links; the notify queue. The old engine then {@link #handOver hands
 * over}: instances that are gone stop as RFC 5798 says, kept masters release only addresses
 * that left the configuration, and nothing of the old one acts any more.
 */
final class VrrpEngine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VrrpEngine.class.getName());

    private final KeepalivedConfig config;
    private final ControlLoop loop;
    /** How often each instance's takeover path is run against interface 0 at start (see {@link InstanceRuntime#rehearseTakeover}). */
    static final int TAKEOVER_REHEARSALS = 300;
    private final Rtnetlink netlink;
    private final NotifyQueue notify;
    private final Carry carry;
    /** False once a newer engine took over the notify queue (and the executor behind it). */
    private boolean ownsNotify = true;
    private final Alerts alerts;
    /** False once a newer engine took over the alerts (same mail settings). */
    private boolean ownsAlerts = true;
    private final Map<String, GratuitousArp> garps = new HashMap<>();
    private final Map<String, VrrpChannel> channels = new LinkedHashMap<>();
    private final Map<String, InstanceRuntime> instances = new LinkedHashMap<>();
    private final Map<String, SyncGroupRuntime> groups = new LinkedHashMap<>();
    private final Map<String, RiseFall> scripts = new HashMap<>();
    private final Map<String, Boolean> links = new HashMap<>();
    private final Map<String, InstanceTracking.Result> tracking = new HashMap<>();
    /** The {@link WriteGuard} of each instance with a {@code mysql {}} block. */
    private final Map<String, WriteGuard> guards = new HashMap<>();
    private final List<PeriodicCheck> checks = new ArrayList<>();
    /** The last result of each vrrp_script and when it came (loop thread), for the status output. */
    private final Map<String, CheckView.Result> lastResults = new HashMap<>();
    private final ScriptExecutor executor;
    private final VirtualServerCheck virtualServers;
    private LinkWatcher linkWatcher;
    private final Timeline timeline;
    /** {@code tandem maintenance}: the daemon's, carried across reloads. */
    private Maintenance maintenance;

    /** How a {@code vrrp_script}'s {@code check_virtual_server} asks the load balancer (see {@link LoadBalancer#check}). */
    @FunctionalInterface
    interface VirtualServerCheck {
        io.tandem.check.ProbeResult check(String address, int port, java.time.Duration timeout);

        VirtualServerCheck NONE = (a, p, t) -> new io.tandem.check.ProbeResult(false, java.time.Duration.ZERO,
                "virtual_server " + a + ":" + p + ": no load balancer in this process");
    }

    /**
     * What a running engine hands to the one that replaces it on reload.
     *
     * @param states  the state of each instance by {@link #key}
     * @param scripts the rise/fall position of every {@code vrrp_script} whose definition is unchanged
     * @param links   what the link watcher last saw
     */
    record Carry(Map<String, InstanceState> states, Map<String, RiseFall> scripts, Map<String, Boolean> links,
                 NotifyQueue notifyQueue, ScriptExecutor executor, Alerts alerts, GlobalDefs mailDefs, Timeline timeline,
                 Map<String, String> yields, Maintenance maintenance) {}

    VrrpEngine(KeepalivedConfig config, ControlLoop loop) {
        this(config, loop, null);
    }

    VrrpEngine(KeepalivedConfig config, ControlLoop loop, Carry carry) {
        this(config, loop, carry, VirtualServerCheck.NONE);
    }

    VrrpEngine(KeepalivedConfig config, ControlLoop loop, Carry carry, VirtualServerCheck virtualServers) {
        this.virtualServers = virtualServers;
        this.config = config;
        this.loop = loop;
        this.carry = carry;
        this.timeline = carry == null ? new Timeline() : carry.timeline();
        this.maintenance = carry == null ? Maintenance.inMemory() : carry.maintenance();
        this.netlink = Rtnetlink.open();
        if (carry == null) {
            this.executor = new ScriptExecutor();
            this.notify = new NotifyQueue(executor, NotifyQueue.DEFAULT_CAPACITY);
            this.alerts = Alerts.start(config.globalDefs());
        } else {
            this.executor = carry.executor();
            this.notify = carry.notifyQueue();
            this.ownsNotify = false;
            this.links.putAll(carry.links());
            // Mail settings unchanged: keep the running queue (and what it still has to send).
            this.alerts = carry.mailDefs().equals(config.globalDefs()) ? carry.alerts() : Alerts.start(config.globalDefs());
        }
        try {
            build();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void build() {
        config.vrrpInstances().forEach(i -> tracking.put(i.name(), InstanceTracking.of(config, i)));
        Set<Inet4Address> allVips = new HashSet<>();
        config.vrrpInstances().forEach(i -> i.virtualAddresses().forEach(v -> allVips.add(v.address())));
        Map<String, List<Expectation>> perChannel = new LinkedHashMap<>();
        Map<String, VrrpInstance> byName = new LinkedHashMap<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            byName.put(i.name(), i);
            String key = InstanceConfigs.channelKey(i);
            perChannel.computeIfAbsent(key, k -> new ArrayList<>()).add(InstanceConfigs.expectation(i));
        }
        for (Map.Entry<String, List<Expectation>> e : perChannel.entrySet()) {
            String[] parts = e.getKey().split("/");
            VrrpSocket socket = parts[1].equals("unicast") ? VrrpSocket.unicast(parts[0]) : VrrpSocket.multicast(parts[0]);
            Acceptance acceptance = Acceptance.of(e.getValue());
            channels.put(e.getKey(), new VrrpChannel(e.getKey(), socket, acceptance, this::onAdvert));
        }
        Map<String, InstanceSettings> settings = new LinkedHashMap<>();
        Map<String, Inet4Address> sources = new HashMap<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            Inet4Address source = i.unicastSrcIp().orElseGet(
                    () -> primaryAddress(i, channels.get(InstanceConfigs.channelKey(i)).socket().interfaceIndex(), allVips));
            sources.put(i.name(), source);
            settings.put(i.name(), InstanceConfigs.settings(i, source, config.globalDefs()));
        }
        Map<String, List<String>> groupMembers = InstanceConfigs.syncGroupMembers(config);
        Map<String, GroupMembership> membership = new HashMap<>();
        groupMembers.values().forEach(names -> {
            GroupMembership m = GroupMembership.of(names.stream().map(settings::get).toList());
            names.forEach(n -> membership.put(n, m));
        });
        for (VrrpInstance i : config.vrrpInstances()) {
            i.mysql().ifPresent(m -> guards.put(i.name(), guard(i, m)));
        }
        for (VrrpInstance i : config.vrrpInstances()) {
            VrrpInstanceMachine machine = new VrrpInstanceMachine(settings.get(i.name()),
                    membership.getOrDefault(i.name(), GroupMembership.NONE));
            InstanceRuntime r = runtime(i, sources.get(i.name()), machine);
            if (carry != null && carry.states().containsKey(InstanceConfigs.key(i))) {
                r.resumeFrom(carry.states().get(InstanceConfigs.key(i)));
                r.yieldedTo(Optional.ofNullable(carry.yields().get(InstanceConfigs.key(i))));
            }
            instances.put(i.name(), r);
        }
        buildGroups(groupMembers, membership);
        for (VrrpScript s : config.vrrpScripts()) {
            if (!config.tracksScript(s.name())) {
                continue;
            }
            scripts.put(s.name(), carry != null && carry.scripts().containsKey(s.name()) ? carry.scripts().get(s.name())
                    : RiseFall.initial(s.rise(), s.fall(), s.initFail()));
            Probe probe = probe(s);
            checks.add(new PeriodicCheck(s.name(), probe, s.interval(), r -> loop.post(() -> onCheck(r))));
        }
        Set<String> watched = new HashSet<>();
        config.vrrpInstances().forEach(i -> {
            watched.add(i.iface());
            tracking.get(i.name()).interfaces().forEach(t -> watched.add(t.name()));
        });
        linkWatcher = new LinkWatcher(watched, (name, up) -> loop.post(() -> onLink(name, up)));
    }

    /** What a {@code vrrp_script} runs: the load balancer's own check, a {@code MYSQL_CHECK}, or its command. */
    private Probe probe(VrrpScript s) {
        if (s.virtualServer().isPresent()) {
            VirtualServer.Endpoint e = s.virtualServer().get();
            return () -> virtualServers.check(e.address(), e.port(), s.timeout());
        }
        if (s.mysqlCheck().isPresent()) {
            return MysqlProbes.forScript(s.name(), s.mysqlCheck().get());
        }
        ScriptCommand cmd = new ScriptCommand(CommandLine.split(s.script().get()), s.timeout(),
                s.user().or(() -> config.globalDefs().scriptUser()), "vrrp_script " + s.name());
        return new ScriptProbe(executor, cmd);
    }

    /** The instance's guard; its tracking change reaches the instance once the runtime exists. */
    private WriteGuard guard(VrrpInstance i, MysqlFailover m) {
        MysqlEndpoint local;
        try {
            local = MysqlEndpoint.of(m.server());
        } catch (IOException e) {
            throw new IllegalStateException("(" + i.name() + ") mysql: " + e.getMessage(), e);
        }
        return new WriteGuard(i.name(), m, local, MysqlEndpoint.peerOf(m, local), loop, alerts, () -> {
            InstanceRuntime r = instances.get(i.name());
            if (r != null) {
                r.retrack();
            }
        });
    }

    /** One {@link SyncGroupRuntime} per group left with members; it joins its instances. */
    private void buildGroups(Map<String, List<String>> groupMembers, Map<String, GroupMembership> membership) {
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            List<String> names = groupMembers.get(g.name());
            if (names == null) {
                continue;
            }
            SyncGroup group = new SyncGroup(g.name(), names, membership.get(names.getFirst()));
            groups.put(g.name(), new SyncGroupRuntime(g, group, names.stream().map(instances::get).toList(), notify,
                    alerts, config.globalDefs().scriptUser(), names.stream().anyMatch(n -> instances.get(n).resuming())));
            LOG.log(Level.INFO, "vrrp_sync_group {0}: {1} change state together", g.name(), names);
        }
    }

    private InstanceRuntime runtime(VrrpInstance i, Inet4Address source, VrrpInstanceMachine machine) {
        VrrpChannel channel = channels.get(InstanceConfigs.channelKey(i));
        int ifindex = channel.socket().interfaceIndex();
        List<Inet4Address> destinations = i.unicastPeers().isEmpty() ? List.of(Ipv4.VRRP_GROUP) : i.unicastPeers();
        GratuitousArp garp = garps.computeIfAbsent(i.iface(), GratuitousArp::open);
        List<InstanceRuntime.Vip> vips = new ArrayList<>();
        for (VrrpInstance.VirtualAddress v : i.virtualAddresses()) {
            int index = v.dev().map(d -> netlink.link(d).index()).orElse(ifindex);
            // keepalived sends the ARP for an address with 'dev' on that interface (vrrp_send_link_update)
            GratuitousArp on = v.dev().map(d -> garps.computeIfAbsent(d, GratuitousArp::open)).orElse(garp);
            vips.add(new InstanceRuntime.Vip(v, index, on));
        }
        return new InstanceRuntime(i, machine, InstanceConfigs.expectation(i), source, destinations,
                channel.socket(), netlink, vips, loop, notify, alerts, config.globalDefs().scriptUser(), () -> tracked(i),
                Optional.ofNullable(guards.get(i.name())), timeline, () -> maintenance.on());
    }

    /** The interface's first primary IPv4 address that is not a VIP: the advert source (RFC 5798 §5.1.1.1). */
    private Inet4Address primaryAddress(VrrpInstance i, int ifindex, Set<Inet4Address> allVips) {
        return netlink.addresses(ifindex).stream()
                .filter(a -> !a.secondary() && !allVips.contains(a.address()))
                .map(LinkAddress::address).findFirst()
                .orElseThrow(() -> new IllegalStateException("(" + i.name() + ") interface " + i.iface()
                        + " has no IPv4 address to send adverts from; give it one or set unicast_src_ip"));
    }

    /**
     * What instance {@code i} tracks now: its own interface, then its track_interface and
     * track_script entries and its sync group's, as {@link InstanceTracking} resolves them.
     */
    private List<Tracked> tracked(VrrpInstance i) {
        List<Tracked> out = new ArrayList<>();
        out.add(link("interface " + i.iface(), i.iface(), 0, false));
        InstanceTracking.Result t = tracking.get(i.name());
        for (InstanceTracking.Interface f : t.interfaces()) {
            out.add(link(f.origin(), f.name(), f.weight(), f.reverse()));
        }
        for (InstanceTracking.Script s : t.scripts()) {
            RiseFall rf = scripts.get(s.name());
            if (rf == null) {
                continue;
            }
            out.add(rf.known() ? Tracked.of(s.origin(), s.weight(), s.reverse(), rf.up())
                    : Tracked.unknown(s.origin(), s.weight(), s.reverse()));
        }
        WriteGuard g = guards.get(i.name());
        InstanceRuntime r = instances.get(i.name());
        if (r != null && r.masterPriority() > 0 && (g != null || r.yieldedTo().isPresent())) {
            // A returning master stays just below the master it hears until it has caught up
            // (issue 4, point 4), and one that stepped down in a switchover stays below the new
            // master; a lower-priority backup is not held (its Skew_Time stays short).
            int others = out.stream().mapToInt(EffectivePriority::change).sum();
            int below = r.masterPriority() - 1 - i.priority() - others;
            if (below < 0) {   // weight 0 would mean FAULT in keepalived's tracking
                if (r.yieldedTo().isPresent()) {
                    out.add(Tracked.of("switchover to " + r.yieldedTo().get() + ": stays below the new master", below, false, false));
                } else {
                    out.add(Tracked.of("mysql failback catch-up", below, false, !g.holdsFailback()));
                }
            }
        }
        return out;
    }

    private Tracked link(String label, String name, int weight, boolean reverse) {
        Boolean up = links.get(name);
        return up == null ? Tracked.unknown(label, weight, reverse) : Tracked.of(label, weight, reverse, up);
    }

    /** Opens the sockets' readers and the checks; instances start as their tracking reports in. */
    void start() {
        config.vrrpInstances().stream()
                .map(i -> VrrpTimers.masterDownInterval(i.version() == 2 ? ProtocolVersion.V2 : ProtocolVersion.V3,
                        i.priority(), i.advertInterval()))
                .min(Comparator.naturalOrder()).ifPresent(loop::dangerAt);
        loop.post(() -> instances.values().stream().filter(r -> !r.resuming()).forEach(InstanceRuntime::removeStaleVips));
        loop.post(() -> instances.values().forEach(r -> r.rehearseTakeover(TAKEOVER_REHEARSALS)));
        guards.forEach((name, g) -> g.start(!(instances.get(name).resumingFrom() instanceof InstanceState.Master)));
        channels.values().forEach(VrrpChannel::start);
        checks.forEach(PeriodicCheck::start);
        linkWatcher.start();
        // After a reload tracking is known at once (carried over): resumed instances start now.
        loop.post(() -> instances.values().forEach(InstanceRuntime::retrack));
    }

    /** What the engine for {@code next} takes over from this one (see {@link Carry}). Loop thread. */
    Carry carryTo(KeepalivedConfig next) {
        Map<String, InstanceState> states = new HashMap<>();
        config.vrrpInstances().forEach(i -> states.put(InstanceConfigs.key(i), instances.get(i.name()).state()));
        Map<String, String> yields = new HashMap<>();
        config.vrrpInstances().forEach(i -> instances.get(i.name()).yieldedTo().ifPresent(t -> yields.put(InstanceConfigs.key(i), t)));
        Map<String, RiseFall> kept = new HashMap<>();
        for (VrrpScript s : config.vrrpScripts()) {
            RiseFall rf = scripts.get(s.name());
            boolean same = next.vrrpScript(s.name()).map(ConfigComparison::withoutLocations)
                    .equals(Optional.of(ConfigComparison.withoutLocations(s)));
            if (rf != null && same) {
                kept.put(s.name(), rf);
            }
        }
        return new Carry(states, kept, new HashMap<>(links), notify, executor, alerts, config.globalDefs(), timeline, yields,
                maintenance);
    }

    /**
     * Gives way to {@code next}, built from {@link #carryTo}: an instance that is gone stops as
     * RFC 5798 §6.4.3 says; a kept one goes quiet, a master first releasing the addresses the new
     * configuration no longer has. After this nothing of this engine acts; close it. Loop thread.
     */
    void handOver(VrrpEngine next) {
        Map<String, InstanceRuntime> successors = new HashMap<>();
        next.config.vrrpInstances().forEach(i -> successors.put(InstanceConfigs.key(i), next.instances.get(i.name())));
        for (InstanceRuntime r : instances.values()) {
            InstanceRuntime successor = successors.get(InstanceConfigs.key(r.config()));
            if (successor == null) {
                LOG.log(Level.INFO, "({0}) removed from the configuration: stopping", r.name());
                r.shutdown();
            } else {
                r.retireFor(successor);
            }
            r.detach();
        }
        ownsNotify = false;
        ownsAlerts = false;
        if (next.alerts != alerts) {
            // new mail settings: the old queue finishes what it has off the loop (its close waits up to 2 s)
            Thread.ofVirtual().name("tandem-mail-retire").start(alerts::close);
        }
    }

    private void onAdvert(Accepted a) {
        loop.post(() -> instances.values().stream()
                .filter(r -> r.expectation().equals(a.instance()))
                .forEach(r -> r.advert(a)));
    }

    private void onCheck(CheckReport r) {
        RiseFall before = scripts.get(r.check());
        if (before == null) {
            return;
        }
        RiseFall after = before.record(r.result().success());
        lastResults.put(r.check(), new CheckView.Result(r.result().success(), r.result().detail(), r.result().elapsed(),
                java.time.Instant.now()));
        scripts.put(r.check(), after);
        if (after.up() != before.up() || after.known() != before.known()) {
            LOG.log(after.up() ? Level.INFO : Level.WARNING, "vrrp_script {0} is {1} ({2})", r.check(),
                    after.up() ? "up" : "down", r.result().detail());
            instances.values().stream()
                    .filter(i -> tracking.get(i.name()).scripts().stream().anyMatch(s -> s.name().equals(r.check())))
                    .forEach(InstanceRuntime::retrack);
        }
    }

    private void onLink(String name, boolean up) {
        links.put(name, up);
        instances.values().forEach(InstanceRuntime::retrack);
    }

    /** Stops every instance as RFC 5798 says (priority 0, addresses released). Loop thread. */
    void shutdownInstances() {
        instances.values().forEach(InstanceRuntime::shutdown);
    }

    /**
     * Runs {@code then} once every guard has done what is queued (a leaving master fences before
     * it releases the VIP), or after {@code timeout}.
     */
    void afterMysqlSteps(Duration timeout, Runnable then) {
        if (guards.isEmpty()) {
            then.run();
            return;
        }
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(guards.size());
        guards.values().forEach(g -> g.afterPending(timeout, () -> {
            if (left.decrementAndGet() == 0) {
                then.run();
            }
        }));
    }

    /**
     * What the status output shows of this engine: instances and checks as they are now (built on
     * the loop, immutable), and the sockets, whose drop counters any thread may read.
     */
    record Snapshot(List<InstanceView> instances, List<CheckView> checks, List<VrrpChannel> channels,
                    List<io.tandem.status.TimelineEntry> timeline) {}

    /** Loop thread. */
    Snapshot snapshot() {
        List<InstanceView> views = new ArrayList<>(instances.size());
        for (VrrpInstance i : config.vrrpInstances()) {
            InstanceRuntime r = instances.get(i.name());
            if (r != null) {
                views.add(r.view(InstanceConfigs.channelKey(i), channels.get(InstanceConfigs.channelKey(i)).instanceDrops(i.virtualRouterId())));
            }
        }
        List<CheckView> checkViews = new ArrayList<>();
        for (VrrpScript s : config.vrrpScripts()) {
            RiseFall rf = scripts.get(s.name());
            if (rf == null) {
                continue;
            }
            checkViews.add(new CheckView(s.name(), s.mysqlCheck().isPresent() ? "vrrp_script mysql_check" : "vrrp_script",
                    rf.known() ? rf.up() ? "up" : "down" : "unknown", rf.rise(), rf.fall(), rf.result(), s.interval(),
                    Optional.ofNullable(lastResults.get(s.name()))));
        }
        return new Snapshot(views, checkViews, List.copyOf(channels.values()), timeline.snapshot());
    }

    Map<String, InstanceRuntime> instances() {
        return instances;
    }

    /** The daemon keeps its maintenance state in {@code m} (before {@link #start}). */
    void maintenance(Maintenance m) {
        this.maintenance = m;
    }

    Maintenance maintenance() {
        return maintenance;
    }

    ControlLoop loop() {
        return loop;
    }

    /** The guard of instance {@code name}, if it has a {@code mysql {}} block. Loop thread. */
    Optional<WriteGuard> guard(String name) {
        return Optional.ofNullable(guards.get(name));
    }

    /** The names of the instances that have a {@code mysql {}} block. */
    List<String> guardedInstances() {
        return config.vrrpInstances().stream().map(VrrpInstance::name).filter(guards::containsKey).toList();
    }

    /** Whether instance {@code name} belongs to a vrrp_sync_group. */
    boolean inSyncGroup(String name) {
        return config.vrrpSyncGroups().stream().anyMatch(g -> g.group().contains(name));
    }

    /** {@code tandem switchover}: see {@link Operations#switchover}. Any thread but the loop. */
    Operations.Outcome switchover(ControlRequest request) {
        return Switchover.run(this, request);
    }

    /** {@code tandem maintenance}: see {@link Operations#maintenance}. Any thread but the loop. */
    Operations.Outcome maintenance(ControlRequest request) {
        // turned off: what tracking says now takes effect at once, on the loop
        return maintenance.answer(request, () -> loop.post(() -> instances.values().forEach(InstanceRuntime::retrack)));
    }

    @Override
    public void close() {
        guards.values().forEach(WriteGuard::close);
        checks.forEach(PeriodicCheck::close);
        if (linkWatcher != null) {
            linkWatcher.close();
        }
        channels.values().forEach(VrrpChannel::close);
        garps.values().forEach(GratuitousArp::close);
        if (ownsNotify) {
            notify.close();
        }
        if (ownsAlerts) {
            alerts.close();
        }
        netlink.close();
    }
}
