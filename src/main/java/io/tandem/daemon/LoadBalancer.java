package io.tandem.daemon;

import io.tandem.check.CheckerState;
import io.tandem.check.MiscProbe;
import io.tandem.check.ProbeResult;
import io.tandem.check.RealServerProbe;
import io.tandem.check.ReplicaProbe;
import io.tandem.check.TcpProbe;
import io.tandem.check.Verdict;
import io.tandem.config.Checker;
import io.tandem.config.CheckerTiming;
import io.tandem.config.GlobalDefs;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.MiscCheck;
import io.tandem.config.MysqlCheck;
import io.tandem.config.TcpCheck;
import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.notify.AlertText;
import io.tandem.notify.Alerts;
import io.tandem.notify.NotifyQueue;
import io.tandem.proxy.BackendPool;
import io.tandem.proxy.Health;
import io.tandem.proxy.PoolEvent;
import io.tandem.proxy.ProxyException;
import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.Scheduler;
import io.tandem.proxy.Transport;
import io.tandem.script.CommandLine;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.status.VirtualServerView;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * keepalived's {@code virtual_server}s, served by Tandem's proxy: a listener per virtual server,
 * each real server's checkers on virtual threads with keepalived's timing (first run after a
 * random {@code warmup}, then every {@code delay_loop}; a failure confirmed by {@code retry}
 * runs {@code delay_before_retry} apart, see {@link CheckerState}), their verdicts fed to the
 * pool, and what changes logged, mailed ({@code smtp_alert}, keepalived's subjects) and handed to
 * {@code notify_up}/{@code notify_down}/{@code quorum_up}/{@code quorum_down} scripts; with
 * {@code log_all_failures} also each failed attempt that leaves the server in ({@link FailedAttempt}).
 * Independent of the VRRP control loop: a slow check or script never delays an advert. A virtual
 * server that cannot listen is logged and the others run. {@link #apply} takes a reloaded
 * configuration without touching what did not change.
 */
final class LoadBalancer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoadBalancer.class.getName());
    static final Duration NOTIFY_TIMEOUT = StateNotifier.NOTIFY_TIMEOUT;

    private final ScriptExecutor executor = new ScriptExecutor();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private ProxyServer proxy;
    private NotifyQueue notify;
    private volatile Alerts alerts = Alerts.none();
    private volatile GlobalDefs globals;
    private volatile Optional<String> scriptUser;
    private volatile boolean closed;

    /** One listening virtual server and the checker threads of its backends (by backend id). */
    private static final class Service {
        final String name;
        final BackendPool pool;
        final Map<Integer, List<Thread>> checks = new HashMap<>();

        Service(String name, BackendPool pool) {
            this.name = name;
            this.pool = pool;
        }
    }

    LoadBalancer(KeepalivedConfig config) {
        apply(config);
    }

    private static String key(VirtualServer vs) {
        return vs.address() + ":" + vs.port();
    }

    /**
     * Serves {@code config}'s virtual servers: at start, and again on SIGHUP. A virtual server
     * (same address and port) whose settings did not change keeps running untouched; a changed one
     * keeps its listener and connections and takes the new settings in place
     * ({@link BackendPool#update}: only real servers that changed restart their checkers); a
     * removed one stops listening (its open connections run on); an added one starts.
     */
    synchronized void apply(KeepalivedConfig config) {
        scriptUser = config.globalDefs().scriptUser();
        if (!config.globalDefs().equals(globals)) {
            boolean hadMail = globals != null;
            alerts.close();
            alerts = config.virtualServers().isEmpty() ? Alerts.none() : Alerts.start(config.globalDefs());
            globals = config.globalDefs();
            if (hadMail) {
                LOG.log(Level.DEBUG, "load balancer: global_defs changed; mail settings re-read");
            }
        }
        if (proxy == null && !config.virtualServers().isEmpty()) {
            Transport transport = Transport.best();
            Transport.shortfall(transport).ifPresent(why -> LOG.log(Level.WARNING, "load balancer: {0}", why));
            proxy = new ProxyServer(transport, Math.max(1, Runtime.getRuntime().availableProcessors()));
            notify = new NotifyQueue(executor, NotifyQueue.DEFAULT_CAPACITY);
        }
        Map<String, VirtualServer> wanted = new LinkedHashMap<>();
        config.virtualServers().forEach(vs -> wanted.put(key(vs), vs));
        for (var it = services.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                Service s = e.getValue();
                List.copyOf(s.checks.keySet()).forEach(id -> stopChecks(s, id));
                proxy.unlisten(s.pool);
                LOG.log(Level.INFO, "{0}: removed from the configuration; listener closed", s.name);
                it.remove();
            }
        }
        for (VirtualServer vs : wanted.values()) {
            Service s = services.get(key(vs));
            if (s == null) {
                start(vs);
            } else if (!sameSettings(s.pool.service(), vs)) {
                update(s, vs);
            }
        }
    }

    private static boolean sameSettings(VirtualServer a, VirtualServer b) {
        return ConfigComparison.withoutLocations(a).equals(ConfigComparison.withoutLocations(b))
                && passwords(a).equals(passwords(b));
    }

    /** MYSQL_CHECK passwords print hidden: compared on their own. */
    private static List<Optional<String>> passwords(VirtualServer vs) {
        return vs.realServers().stream().flatMap(r -> r.checkers().stream())
                .map(c -> c instanceof MysqlCheck m ? m.password() : Optional.<String>empty()).toList();
    }

    private void start(VirtualServer vs) {
        String name = "virtual_server " + key(vs);
        if (!Scheduler.supported(vs.lbAlgo())) {
            LOG.log(Level.WARNING, "{0}: lb_algo {1} is served as wlc", name, vs.lbAlgo());
        }
        BackendPool pool = new BackendPool(vs);
        // A listener that cannot start (typically: mysqld itself listens on 0.0.0.0 and this
        // port, as in the classic setup whose virtual_server only exists for its notify_down)
        // costs the proxy, not the checks: they and their notify scripts run as keepalived's do.
        try {
            proxy.listen(pool);
        } catch (ProxyException e) {
            LOG.log(Level.ERROR, "{0}; not proxying, checks and notify scripts still run", e.getMessage());
        } catch (Exception e) { // one virtual server failing never takes the daemon down (Netty rethrows IOException)
            LOG.log(Level.ERROR, name + ": cannot listen; not proxying, checks and notify scripts still run", e);
        }
        Service s = new Service(name, pool);
        services.put(key(vs), s);
        pool.ids().forEach(id -> startChecks(s, id));
    }

    private void update(Service s, VirtualServer vs) {
        if (!Scheduler.supported(vs.lbAlgo())) {
            LOG.log(Level.WARNING, "{0}: lb_algo {1} is served as wlc", s.name, vs.lbAlgo());
        }
        BackendPool.Update u;
        boolean headerChanged = !s.pool.service().proxyProtocol().equals(vs.proxyProtocol());
        try {
            u = proxy.update(s.pool, vs);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, s.name + ": cannot apply the changed settings", e);
            return;
        }
        // MYSQL_CHECKs send the virtual server's PROXY protocol header: when it changed, every kept server's restart
        List<Integer> restart = headerChanged
                ? s.pool.ids().stream().filter(id -> !u.added().contains(id)).toList() : List.copyOf(u.restarted());
        for (int id : List.copyOf(s.checks.keySet())) {
            if (restart.contains(id) || !s.pool.ids().contains(id)) {
                stopChecks(s, id);
            }
        }
        restart.forEach(id -> startChecks(s, id));
        u.added().forEach(id -> startChecks(s, id));
        LOG.log(Level.INFO, "{0}: changed settings applied in place ({1} real server(s) added, {2} changed, {3} removed; "
                        + "listener and open connections kept)", s.name, String.valueOf(u.added().size()),
                String.valueOf(u.restarted().size()), String.valueOf(u.removed().size()));
        u.removed().forEach(rs -> LOG.log(Level.INFO, "{0}: real_server {1} removed; its open connections run on", s.name, rs.name()));
        u.events().forEach(e -> announce(s.name, vs, e, false));
    }

    private void stopChecks(Service s, int id) {
        List<Thread> threads = s.checks.remove(id);
        if (threads != null) {
            threads.forEach(Thread::interrupt);
        }
    }

    private void startChecks(Service s, int id) {
        RealServer rs = s.pool.server(id);
        List<Thread> threads = new ArrayList<>();
        for (int j = 0; j < rs.checkers().size(); j++) {
            threads.add(startCheck(s, id, j, probe(rs, rs.checkers().get(j), rs.timings().get(j), s.pool.service().proxyProtocol()),
                    rs.timings().get(j)));
        }
        s.checks.put(id, threads);
    }

    private RealServerProbe probe(RealServer rs, Checker c, CheckerTiming timing, Optional<VirtualServer.ProxyProtocol> proxyProtocol) {
        // retries are the checker loop's (CheckerState): every probe here makes one attempt
        return switch (c) {
            case TcpCheck t -> {
                TcpProbe p = new TcpProbe(t.connectIp().orElse(rs.address()), t.connectPort().orElse(rs.port()),
                        t.connectTimeout());
                yield () -> Verdict.of(p.probe());
            }
            case MiscCheck m -> new MiscProbe(executor, new ScriptCommand(CommandLine.split(m.path()),
                    m.timeout().orElse(timing.delayLoop()), m.user().or(() -> scriptUser),
                    "MISC_CHECK of " + rs.address() + ":" + rs.port()), m.dynamic());
            case MysqlCheck m -> new ReplicaProbe(endpoint(rs, m, proxyProtocol), m);
        };
    }

    /**
     * The real server's address unless the checker names another, or a unix socket (a local
     * server); over TCP with the virtual server's PROXY protocol header, so that a server which
     * would refuse the proxied clients' header fails its check too.
     */
    private static MysqlEndpoint endpoint(RealServer rs, MysqlCheck m, Optional<VirtualServer.ProxyProtocol> proxyProtocol) {
        return new MysqlEndpoint(m.connectIp().orElse(rs.address()), m.connectPort().orElse(rs.port()), m.socket(),
                m.user().orElse("root"), password(m), m.connectTimeout(), proxyProtocol);
    }

    private static String password(MysqlCheck c) {
        if (c.passwordFile().isPresent()) {
            try {
                return Files.readString(Path.of(c.passwordFile().get()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                LOG.log(Level.ERROR, "{0}: cannot read password_file {1}: {2}", c.at(), c.passwordFile().get(), e.getMessage());
            }
        }
        return c.password().orElse(null);
    }

    private Thread startCheck(Service s, int backend, int checker, RealServerProbe probe, CheckerTiming timing) {
        RealServer rs = s.pool.server(backend);
        String label = s.name + " real_server " + rs.name() + " checker " + (checker + 1);
        String kind = kind(rs.checkers().get(checker));
        return Thread.ofVirtual().name("lb-check " + rs.name()).start(() -> {
            CheckerState state = new CheckerState(timing.retry(), timing.alpha());
            // keepalived: the first run waits a random part of warmup, so checks of many servers spread out
            long warmup = timing.warmup().toNanos();
            if (!pause(Duration.ofNanos(warmup <= 0 ? 0 : ThreadLocalRandom.current().nextLong(warmup + 1)))) {
                return;
            }
            while (!closed && !Thread.currentThread().isInterrupted()) {
                long start = System.nanoTime();
                Verdict v;
                try {
                    v = probe.probe();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, label + " failed unexpectedly", e);
                    v = new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), Duration.ZERO, "internal error: " + e);
                }
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                boolean wasUp = state.up();
                boolean hadRun = state.hasRun();
                CheckerState.Step step = state.run(v.up());
                LOG.log(Level.DEBUG, "{0}: {1} ({2} ms){3}", label, v.detail(), v.elapsed().toMillis(),
                        step == CheckerState.Step.RETRY ? ", retry " + state.retriesUsed() + "/" + timing.retry() : "");
                if (state.failedWhileUp() && timing.logsAllFailures(globals)) {
                    LOG.log(Level.INFO, "{0}: {1}", label, FailedAttempt.line(rs.checkers().get(checker), trio(rs.address(), rs.port()),
                            trio(s.pool.service().address(), s.pool.service().port()), v.detail(), state.retriesUsed(), timing.retry()));
                }
                if (step == CheckerState.Step.FAILED && wasUp && hadRun && timing.retry() > 0) {
                    LOG.log(Level.INFO, "{0}: failed after {1} retries", label, String.valueOf(timing.retry()));
                }
                if (step != CheckerState.Step.RETRY) {
                    report(s, backend, checker, kind, v, wasUp != state.up());
                }
                Duration every = step == CheckerState.Step.RETRY ? timing.delayBeforeRetry() : timing.delayLoop();
                if (!pause(every.minusNanos(System.nanoTime() - start))) {
                    return;
                }
            }
        });
    }

    /** Sleeps unless {@code d} is not positive; false when interrupted (the checker is stopped). */
    private static boolean pause(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return true;
        }
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void report(Service s, int backend, int checker, String kind, Verdict v, boolean checkerChanged) {
        RealServer rs;
        boolean wasAvailable;
        boolean available;
        List<PoolEvent> events;
        try {
            synchronized (s.pool) { // the availability around this report, not another checker's
                wasAvailable = s.pool.available(backend);
                events = proxy.report(s.pool, backend, checker, new Health(v.up(), v.weight(), v.lagSeconds(), v.detail(), v.elapsed()));
                rs = s.pool.server(backend);
                available = s.pool.available(backend);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, s.name + " real_server checker " + (checker + 1) + ": applying the result failed", e);
            return;
        }
        String mail = null;
        if (checkerChanged && alertsOn(rs) && (!globals.noCheckerEmails() || wasAvailable != available)) {
            // keepalived mails every checker transition (with no_checker_emails only those that change the
            // server's state); the subject says whether the server is up now
            mail = "=> " + kind + " CHECK " + (v.up() ? "succeed" : "failed") + " on service <=";
            alerts.send(AlertText.realServer(alerts.routerId(), trio(rs.address(), rs.port()),
                    trio(s.pool.service().address(), s.pool.service().port()), available, mail));
        }
        for (PoolEvent e : events) {
            boolean covered = mail != null && (e instanceof PoolEvent.BackendUp u && u.backend() == backend
                    || e instanceof PoolEvent.BackendDown d && d.backend() == backend);
            announce(s.name, s.pool.service(), e, covered);
        }
    }

    /** keepalived's checker names in alert bodies. */
    private static String kind(Checker c) {
        return switch (c) {
            case TcpCheck t -> "TCP";
            case MiscCheck m -> "MISC";
            case MysqlCheck m -> "MYSQL";
        };
    }

    /** keepalived's address format in alerts ({@code inet_sockaddrtotrio}): {@code [10.0.0.1]:tcp:3306}. */
    private static String trio(String address, int port) {
        return "[" + address + "]:tcp:" + port;
    }

    private boolean alertsOn(RealServer rs) {
        return alerts.enabled() && rs.smtpAlert().orElseGet(() -> globals.checkerAlertDefault(true));
    }

    /**
     * Logs {@code e}, runs its scripts and mails it when keepalived would and no checker mail
     * told it already ({@code mailed}): a backend leaving or returning for its lag (Tandem's rule,
     * or for another replica's), and quorum changes.
     */
    private void announce(String name, VirtualServer vs, PoolEvent e, boolean mailed) {
        switch (e) {
            case PoolEvent.BackendUp u -> {
                LOG.log(Level.INFO, "{0}: real_server {1}:{2} up ({3})", name, u.server().address(),
                        String.valueOf(u.server().port()), u.detail());
                u.server().notifyUp().ifPresent(cmd -> run(cmd, "notify_up of " + u.server().address() + ":" + u.server().port()));
                if (!mailed && alertsOn(u.server())) {
                    alerts.send(AlertText.realServer(alerts.routerId(), trio(u.server().address(), u.server().port()),
                            trio(vs.address(), vs.port()), true, "=> " + u.detail() + " <="));
                }
            }
            case PoolEvent.BackendDown d -> {
                LOG.log(Level.WARNING, "{0}: real_server {1}:{2} down ({3}); {4}", name, d.server().address(),
                        String.valueOf(d.server().port()), d.detail(),
                        d.closeConnections() ? "its connections are closed" : "inhibited: its connections stay");
                d.server().notifyDown().ifPresent(cmd -> run(cmd, "notify_down of " + d.server().address() + ":" + d.server().port()));
                if (!mailed && alertsOn(d.server())) {
                    alerts.send(AlertText.realServer(alerts.routerId(), trio(d.server().address(), d.server().port()),
                            trio(vs.address(), vs.port()), false, "=> " + d.detail() + " <="));
                }
            }
            case PoolEvent.WeightChanged w -> LOG.log(Level.INFO, "{0}: real_server {1}:{2} weight {3}", name,
                    w.server().address(), String.valueOf(w.server().port()), String.valueOf(w.weight()));
            case PoolEvent.LagHold h -> {
                LOG.log(h.kept().isEmpty() ? Level.INFO : Level.WARNING, "{0}: {1}", name, h.detail());
                if (!h.kept().isEmpty() && alerts.enabled()) {
                    alerts.alert(name + ": every replica lags", h.detail());
                }
            }
            case PoolEvent.QuorumUp q -> {
                LOG.log(Level.INFO, "{0}: quorum reached (weight {1} of {2})", name, String.valueOf(q.weight()), String.valueOf(q.quorum()));
                vs.quorumUp().ifPresent(cmd -> run(cmd, "quorum_up of " + name));
                quorumMail(vs, true, "=> Gained quorum " + q.quorum() + "+0=" + q.quorum() + " <= " + q.weight() + " <=");
            }
            case PoolEvent.QuorumDown q -> {
                LOG.log(Level.WARNING, "{0}: quorum lost (weight {1} of {2}); {3}", name, String.valueOf(q.weight()),
                        String.valueOf(q.quorum()), vs.sorryServer().isPresent() ? "new connections go to the sorry_server"
                                : "new connections are refused");
                vs.quorumDown().ifPresent(cmd -> run(cmd, "quorum_down of " + name));
                quorumMail(vs, false, "=> Lost quorum " + q.quorum() + "-0=" + q.quorum() + " > " + q.weight() + " <=");
            }
        }
    }

    /** keepalived's virtual server mail (ipwrapper.c do_vs_notifies); its smtp_alert defaults to off. */
    private void quorumMail(VirtualServer vs, boolean up, String body) {
        if (alerts.enabled() && vs.smtpAlert().orElseGet(() -> globals.checkerAlertDefault(false))) {
            alerts.send(AlertText.virtualServer(alerts.routerId(), trio(vs.address(), vs.port()), up, body));
        }
    }

    private void run(String commandLine, String purpose) {
        List<String> argv = CommandLine.split(commandLine);
        if (!argv.isEmpty()) {
            notify.submit(new ScriptCommand(argv, NOTIFY_TIMEOUT, scriptUser, purpose));
        }
    }

    /**
     * {@code drain BACKEND [vs=ADDR:PORT]} ({@code on} true) and {@code ready ...} (false): see
     * {@link BackendDrains}. The drain lives in the pools: a reload that keeps the real server
     * keeps it, a restart of the daemon forgets it.
     */
    synchronized Operations.Outcome drain(ControlRequest request, boolean on) {
        Map<String, BackendDrains.Service> view = new LinkedHashMap<>();
        services.forEach((key, s) -> view.put(key, new BackendDrains.Service(s.name, s.pool)));
        return BackendDrains.apply(request, on, view, (s, e) -> announce(s.name(), s.pool().service(), e, false));
    }

    /**
     * A {@code vrrp_script}'s {@code check_virtual_server ADDR PORT}: passes while this daemon
     * serves that virtual server ({@link ProxyServer#problem}); a balancer whose proxy cannot serve
     * lowers its priority or enters FAULT as the script's weight says, and the VIP moves.
     */
    ProbeResult check(String address, int port, Duration timeout) {
        long start = System.nanoTime();
        BackendPool pool;
        ProxyServer p;
        synchronized (this) {
            Service s = services.get(address + ":" + port);
            pool = s == null ? null : s.pool;
            p = proxy;
        }
        Optional<String> problem = pool == null || closed ? Optional.of("not served (not configured, or it could not listen)")
                : p.problem(pool, timeout);
        String name = "virtual_server " + address + ":" + port;
        return new ProbeResult(problem.isEmpty(), Duration.ofNanos(System.nanoTime() - start),
                problem.map(x -> name + ": " + x).orElse(name + ": serving"));
    }

    /**
     * Every virtual server and backend for {@code tandem status} and the metrics. Reads the
     * pools' counters (brief locks held by the proxy's threads, never the control loop's).
     */
    List<VirtualServerView> views() {
        if (proxy == null) {
            return List.of();
        }
        return proxy.status().stream().map(f -> new VirtualServerView(f.service().address(), f.service().port(),
                f.service().lbAlgo(), f.quorumUp(), f.service().quorum(), f.refused(), f.queued(),
                f.service().sorryServer().map(s -> s.address() + ":" + s.port()).orElse(""), f.onSorryServer(),
                f.service().proxyProtocol().map(VirtualServer.ProxyProtocol::keyword).orElse("off"), f.backends().stream()
                .map(b -> new VirtualServerView.Backend(b.server().address(), b.server().port(),
                        b.state(), b.drained(), b.lagging(),
                        b.weight(), b.active(), b.total(), b.bytesIn(), b.bytesOut(), b.lagSeconds(), b.lastCheck(),
                        b.lastCheckTook())).toList())).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
        services.values().forEach(s -> s.checks.values().forEach(t -> t.forEach(Thread::interrupt)));
        if (proxy != null) {
            proxy.close();
            notify.close();
        }
        alerts.close();
    }
}
