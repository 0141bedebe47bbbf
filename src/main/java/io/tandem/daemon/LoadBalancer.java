package io.tandem.daemon;

import io.tandem.check.MiscProbe;
import io.tandem.check.RealServerProbe;
import io.tandem.check.ReplicaProbe;
import io.tandem.check.TcpProbe;
import io.tandem.check.Verdict;
import io.tandem.config.Checker;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.MiscCheck;
import io.tandem.config.MysqlCheck;
import io.tandem.config.TcpCheck;
import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import io.tandem.mysql.MysqlEndpoint;
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
import java.util.List;
import java.util.Optional;

/**
 * keepalived's {@code virtual_server}s, served by Tandem's proxy: a listener per virtual server,
 * each real server's checkers on virtual threads every {@code delay_loop}, their verdicts fed to
 * the pool, and what changes logged and handed to {@code notify_up}/{@code notify_down}/
 * {@code quorum_up}/{@code quorum_down} scripts. Independent of the VRRP control loop: a slow
 * check or script never delays an advert. A virtual server that cannot listen is logged and the
 * others run. With no virtual server it starts nothing.
 */
final class LoadBalancer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoadBalancer.class.getName());
    static final Duration NOTIFY_TIMEOUT = StateNotifier.NOTIFY_TIMEOUT;

    private final ProxyServer proxy;
    private final NotifyQueue notify;
    private final ScriptExecutor executor = new ScriptExecutor();
    private final Optional<String> scriptUser;
    private final List<Thread> checks = new ArrayList<>();
    private volatile boolean closed;

    LoadBalancer(KeepalivedConfig config) {
        this.scriptUser = config.globalDefs().scriptUser();
        if (config.virtualServers().isEmpty()) {
            proxy = null;
            notify = null;
            return;
        }
        Transport transport = Transport.best();
        if (transport.name().equals("nio") && !System.getProperty(Transport.PROPERTY, "").equals("nio")) {
            LOG.log(Level.WARNING, "load balancer: native epoll unavailable ({0}); using NIO, without free bind",
                    Transport.epollUnavailability());
        }
        proxy = new ProxyServer(transport, Math.max(1, Runtime.getRuntime().availableProcessors()), ProxyServer.DEFAULT_CONNECT_TIMEOUT);
        notify = new NotifyQueue(executor, NotifyQueue.DEFAULT_CAPACITY);
        for (VirtualServer vs : config.virtualServers()) {
            String name = "virtual_server " + vs.address() + ":" + vs.port();
            if (!Scheduler.supported(vs.lbAlgo())) {
                LOG.log(Level.WARNING, "{0}: lb_algo {1} is served as wlc", name, vs.lbAlgo());
            }
            BackendPool pool = new BackendPool(vs);
            try {
                proxy.listen(pool);
            } catch (ProxyException e) {
                LOG.log(Level.ERROR, e.getMessage());
                continue;
            } catch (RuntimeException e) { // one virtual server failing never takes the daemon down
                LOG.log(Level.ERROR, name + ": cannot start", e);
                continue;
            }
            for (int i = 0; i < vs.realServers().size(); i++) {
                RealServer rs = vs.realServers().get(i);
                for (int j = 0; j < rs.checkers().size(); j++) {
                    startCheck(name, pool, i, j, probe(vs, rs, rs.checkers().get(j)), vs.delayLoop());
                }
            }
        }
    }

    private RealServerProbe probe(VirtualServer vs, RealServer rs, Checker c) {
        return switch (c) {
            case TcpCheck t -> {
                TcpProbe p = new TcpProbe(t.connectIp().orElse(rs.address()), t.connectPort().orElse(rs.port()),
                        t.connectTimeout(), t.retry(), t.delayBeforeRetry());
                yield () -> Verdict.of(p.probe());
            }
            case MiscCheck m -> new MiscProbe(executor, new ScriptCommand(CommandLine.split(m.path()),
                    m.timeout().orElse(vs.delayLoop()), m.user().or(() -> scriptUser),
                    "MISC_CHECK of " + rs.address() + ":" + rs.port()), m.dynamic());
            case MysqlCheck m -> {
                if (m.socket().isPresent()) {
                    yield () -> new Verdict(false, java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), Duration.ZERO,
                            "MYSQL_CHECK 'socket' is not supported in a real_server; use connect_ip/connect_port");
                }
                yield new ReplicaProbe(new MysqlEndpoint(m.connectIp().orElse(rs.address()), m.connectPort().orElse(rs.port()),
                        m.user().orElse("root"), password(m), m.connectTimeout()), m);
            }
        };
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

    private void startCheck(String name, BackendPool pool, int backend, int checker, RealServerProbe probe, Duration every) {
        RealServer rs = pool.server(backend);
        String label = name + " real_server " + rs.address() + ":" + rs.port() + " checker " + (checker + 1);
        checks.add(Thread.ofVirtual().name("lb-check " + rs.address() + ":" + rs.port()).start(() -> {
            while (!closed) {
                long start = System.nanoTime();
                Verdict v;
                try {
                    v = probe.probe();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, label + " failed unexpectedly", e);
                    v = new Verdict(false, java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), Duration.ZERO, "internal error: " + e);
                }
                if (closed) {
                    return;
                }
                LOG.log(Level.DEBUG, "{0}: {1} ({2} ms)", label, v.detail(), v.elapsed().toMillis());
                try {
                    for (PoolEvent e : proxy.report(pool, backend, checker, new Health(v.up(), v.weight(), v.lagSeconds(), v.detail(), v.elapsed()))) {
                        announce(name, pool.service(), e);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, label + ": applying the result failed", e);
                }
                long rest = every.toNanos() - (System.nanoTime() - start);
                if (rest > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(rest));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }));
    }

    private void announce(String name, VirtualServer vs, PoolEvent e) {
        switch (e) {
            case PoolEvent.BackendUp u -> {
                LOG.log(Level.INFO, "{0}: real_server {1}:{2} up ({3})", name, u.server().address(),
                        String.valueOf(u.server().port()), u.detail());
                u.server().notifyUp().ifPresent(cmd -> run(cmd, "notify_up of " + u.server().address() + ":" + u.server().port()));
            }
            case PoolEvent.BackendDown d -> {
                LOG.log(Level.WARNING, "{0}: real_server {1}:{2} down ({3}); {4}", name, d.server().address(),
                        String.valueOf(d.server().port()), d.detail(),
                        d.closeConnections() ? "its connections are closed" : "inhibited: its connections stay");
                d.server().notifyDown().ifPresent(cmd -> run(cmd, "notify_down of " + d.server().address() + ":" + d.server().port()));
            }
            case PoolEvent.WeightChanged w -> LOG.log(Level.INFO, "{0}: real_server {1}:{2} weight {3}", name,
                    w.server().address(), String.valueOf(w.server().port()), String.valueOf(w.weight()));
            case PoolEvent.LagHold h -> LOG.log(h.kept().isEmpty() ? Level.INFO : Level.WARNING, "{0}: {1}", name, h.detail());
            case PoolEvent.QuorumUp q -> {
                LOG.log(Level.INFO, "{0}: quorum reached (weight {1} of {2})", name, String.valueOf(q.weight()), String.valueOf(q.quorum()));
                vs.quorumUp().ifPresent(cmd -> run(cmd, "quorum_up of " + name));
            }
            case PoolEvent.QuorumDown q -> {
                LOG.log(Level.WARNING, "{0}: quorum lost (weight {1} of {2}); {3}", name, String.valueOf(q.weight()),
                        String.valueOf(q.quorum()), vs.sorryServer().isPresent() ? "new connections go to the sorry_server"
                                : "new connections are refused");
                vs.quorumDown().ifPresent(cmd -> run(cmd, "quorum_down of " + name));
            }
        }
    }

    private void run(String commandLine, String purpose) {
        List<String> argv = CommandLine.split(commandLine);
        if (!argv.isEmpty()) {
            notify.submit(new ScriptCommand(argv, NOTIFY_TIMEOUT, scriptUser, purpose));
        }
    }

    /** Every virtual server and real server, one line each (for the daemon's status output). */
    List<String> status() {
        return proxy == null ? List.of() : proxy.status().stream().flatMap(f -> f.lines().stream()).toList();
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
                f.service().lbAlgo(), f.quorumUp(), f.service().quorum(), f.refused(), f.backends().stream()
                .map(b -> new VirtualServerView.Backend(b.server().address(), b.server().port(),
                        !b.available() ? "down" : b.overloaded() ? "full" : b.weight() == 0 ? "inhibited" : "up", b.lagging(),
                        b.weight(), b.active(), b.total(), b.bytesIn(), b.bytesOut(), b.lagSeconds(), b.lastCheck(),
                        b.lastCheckTook())).toList())).toList();
    }

    @Override
    public void close() {
        closed = true;
        checks.forEach(Thread::interrupt);
        if (proxy != null) {
            proxy.close();
            notify.close();
        }
    }
}
