package io.tandem.daemon;

import io.tandem.config.ConfigLoader;
import io.tandem.config.Diagnostic;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.Severity;
import io.tandem.host.FileConfigSource;
import io.tandem.host.LocalHostFacts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import sun.misc.Signal;

/**
 * The composition root: loads and validates the configuration, starts the VRRP engine on the
 * control loop (run on the main thread), holds the pid file locked (one daemon per pid file), and on SIGTERM or SIGINT stops every
 * instance as RFC 5798 says (priority 0, addresses released) before exiting. SIGHUP re-reads the
 * configuration and applies it, instances that still exist keeping their state. Virtual servers
 * are served by the {@link LoadBalancer}; a reload changes only the virtual servers that changed.
 */
public final class Daemon {
    /** keepalived's KEEPALIVED_EXIT_CONFIG: the configuration cannot be used. */
    public static final int EXIT_CONFIG = 2;

    /**
     * keepalived's KEEPALIVED_EXIT_FATAL: the daemon cannot start (another one holds the pid file,
     * the pid file cannot be written, the sockets cannot be opened). keepalived 2.2.7 exits 0 when
     * it finds itself already running; Tandem exits 1 so that systemd and scripts see the refusal.
     */
    public static final int EXIT_FATAL = 1;

    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    /** Timers running later than this are logged as loop pauses. */
    static final java.time.Duration LATE_THRESHOLD = java.time.Duration.ofMillis(250);

    /** How long a stopping daemon waits for its MySQL steps (fencing) before it exits anyway. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(10);

    private final DaemonOptions options;
    private final ControlLoop loop = new ControlLoop(LATE_THRESHOLD);
    private KeepalivedConfig running;
    private volatile VrrpEngine engine;
    private volatile LoadBalancer balancer;
    /** The operator's verbs, one object for the control socket and HTTP alike. */
    private final Operations operations = new DaemonOperations(() -> engine, () -> balancer);
    /** The HTTP endpoint, when on; set and read on the main thread, which runs the loop. */
    private StatusHttp http;

    public Daemon(DaemonOptions options) {
        this.options = options;
    }

    /** Runs until SIGTERM or SIGINT; returns the process exit code. */
    public int run() {
        LOG.log(Level.INFO, "tandem {0} starting, pid {1}, configuration {2}", Version.current(), String.valueOf(ProcessHandle.current().pid()),
                options.configFile());
        Optional<PidFile> pid;
        try {
            pid = options.pidFile().isPresent() ? Optional.of(PidFile.acquire(options.pidFile().get())) : Optional.empty();
        } catch (PidFile.AlreadyRunning e) {
            LOG.log(Level.ERROR, e.getMessage());
            return EXIT_FATAL;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot write pid file {0}: {1}", options.pidFile().orElseThrow(), String.valueOf(e));
            return EXIT_FATAL;
        }
        try {
            return runLocked();
        } finally {
            pid.ifPresent(Daemon::release);
        }
    }

    private int runLocked() {
        ConfigLoader.Result loaded = load();
        if (!loaded.runnable()) {
            LOG.log(Level.ERROR, "configuration cannot run; exiting");
            return EXIT_CONFIG;
        }
        running = loaded.config();
        describe(running);
        // the load balancer first: a vrrp_script's check_virtual_server asks it from the engine's first check on
        LoadBalancer lb = new LoadBalancer(running);
        try {
            engine = new VrrpEngine(running, loop, null, lb::check);
        } catch (RuntimeException e) {
            lb.close();
            LOG.log(Level.ERROR, "cannot start the VRRP instances: {0}", e.getMessage());
            LOG.log(Level.DEBUG, "start-up failure", e);
            return EXIT_FATAL;
        }
        StatusBoard board = new StatusBoard(options.configFile().toAbsolutePath().toString(), loop);
        board.routerId(routerId(running));
        board.maintenance(() -> engine.maintenance().since());
        loop.publishWith(() -> board.publish(engine.snapshot()));
        StatusDumps dumps = new StatusDumps(board);
        Signal.handle(new Signal("TERM"), s -> loop.post(this::stop));
        Signal.handle(new Signal("INT"), s -> loop.post(this::stop));
        Signal.handle(new Signal("HUP"), s -> loop.post(() -> {
            reload();
            board.routerId(routerId(running));
        }));
        Signal.handle(new Signal("USR1"), s -> dumps.writeData());
        Signal.handle(new Signal("USR2"), s -> dumps.writeStats());
        options.controlSocketPath().ifPresent(p -> engine.maintenance(Maintenance.keptIn(p.resolveSibling("tandem.maintenance"))));
        engine.start();
        LOG.log(Level.INFO, "running {0} vrrp_instance(s)", running.vrrpInstances().size());
        ControlServer control = openControl(board);
        try (lb) {
            balancer = lb;
            board.loadBalancer(lb);
            http = openHttp(board);
            try {
                loop.run();
            } finally {
                if (http != null) {
                    http.close();
                }
                if (control != null) {
                    control.close();
                }
            }
        }
        engine.close();
        LOG.log(Level.INFO, "stopped (worst control-loop lateness {0} ms)", String.valueOf(loop.worstLateness().toMillis()));
        return 0;
    }

    /** On the loop: every instance leaves as RFC 5798 §6.4.3 says, then the loop ends. */
    private void stop() {
        LOG.log(Level.INFO, "stopping: sending priority 0 and releasing virtual addresses");
        engine.shutdownInstances();
        // a master with a mysql {} block fences before it releases the VIP: wait for that, bounded
        engine.afterMysqlSteps(STOP_GRACE, () -> loop.post(loop::stop));
    }

    private ConfigLoader.Result load() {
        ConfigLoader.Result r = ConfigLoader.load(options.configFile().toAbsolutePath().toString(), new FileConfigSource(),
                new LocalHostFacts());
        for (Diagnostic d : r.diagnostics()) {
            LOG.log(level(d.severity()), d.format());
        }
        return r;
    }

    /**
     * On the loop: re-reads the file and, when it can run, replaces the engine: instances that
     * still exist keep their state (no flap), removed ones stop, new ones start (see
     * {@link VrrpEngine#handOver}). An unchanged configuration changes nothing.
     */
    private void reload() {
        LOG.log(Level.INFO, "SIGHUP: re-reading {0}", options.configFile());
        ConfigLoader.Result r = load();
        if (!r.runnable()) {
            LOG.log(Level.ERROR, "SIGHUP: new configuration cannot run; keeping the current one");
            return;
        }
        try {
            balancer.apply(r.config());
        } catch (RuntimeException e) { // a reload never takes the daemon down
            LOG.log(Level.ERROR, "SIGHUP: applying the virtual servers failed", e);
        }
        if (http != null) { // the token file may have changed, or the keyword naming it
            http.token(httpToken(r.config()));
        }
        if (ConfigComparison.sameInstances(running, r.config())) {
            LOG.log(Level.INFO, "SIGHUP: VRRP instances unchanged; they keep their state");
            running = r.config();
            return;
        }
        LOG.log(Level.INFO, "SIGHUP: applying changes to {0}", ConfigComparison.changedInstances(running, r.config()));
        VrrpEngine next;
        try {
            next = new VrrpEngine(r.config(), loop, engine.carryTo(r.config()), balancer::check);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "SIGHUP: cannot start the new VRRP instances ({0}); keeping the current ones", e.getMessage());
            return;
        }
        engine.handOver(next);
        engine.close();
        engine = next;
        running = r.config();
        describe(running);
        engine.start();
        LOG.log(Level.INFO, "SIGHUP: running {0} vrrp_instance(s)", running.vrrpInstances().size());
    }

    /** The control socket for {@code tandem status}; without it the daemon still runs (and says so). */
    private ControlServer openControl(StatusBoard board) {
        if (options.controlSocketPath().isEmpty()) {
            LOG.log(Level.INFO, "no control socket: 'tandem status' needs -p PIDFILE or --control-socket PATH");
            return null;
        }
        java.nio.file.Path path = options.controlSocketPath().get();
        try {
            ControlServer c = ControlServer.open(path, board, operations);
            LOG.log(Level.INFO, "control socket {0} (tandem status)", path);
            return c;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot open the control socket {0}: {1}; tandem status will not reach this daemon", path,
                    String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** The HTTP endpoint when {@code --http} or {@code http_status} asks for it; a failure to bind is logged, not fatal. */
    private StatusHttp openHttp(StatusBoard board) {
        Optional<java.net.InetSocketAddress> at = options.http().or(() -> running.globalDefs().httpStatus()
                .map(h -> new java.net.InetSocketAddress(h.address(), h.port())));
        if (at.isEmpty()) {
            return null;
        }
        try {
            return StatusHttp.start(at.get(), board, operations, httpToken(running));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot serve HTTP on {0}: {1}; running without it", at.get(), String.valueOf(e.getMessage()));
            return null;
        }
    }

    /**
     * The bearer token of mutating HTTP requests: from {@code --http-token}, else from
     * {@code http_token_file}; empty when neither names a file or the file cannot be used (logged
     * as an error: the endpoint then stays read-only, the daemon runs).
     */
    private Optional<HttpToken> httpToken(KeepalivedConfig c) {
        Optional<java.nio.file.Path> file = options.httpToken()
                .or(() -> c.globalDefs().httpTokenFile().map(f -> java.nio.file.Path.of(f.path())));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpToken t = HttpToken.read(file.get(), new LocalHostFacts());
            LOG.log(Level.INFO, "HTTP token read from {0}", t.file());
            return Optional.of(t);
        } catch (IllegalStateException e) {
            LOG.log(Level.ERROR, "{0}; the HTTP endpoint is read-only (POST requests get 403)", e.getMessage());
            return Optional.empty();
        }
    }

    private static String routerId(KeepalivedConfig c) {
        return c.globalDefs().routerId().orElseGet(() -> {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (java.io.IOException e) {
                return "";
            }
        });
    }

    private static void describe(KeepalivedConfig c) {
        String me = System.getProperty("user.name", "");
        c.globalDefs().scriptUser().filter(u -> !me.equals("root") && !u.equals(me)).ifPresent(u -> LOG.log(Level.WARNING,
                "script_user is {0} but Tandem runs as {1}, not root: scripts run as {1} (switching users needs root)", u, me));
        if (c.vrrpInstances().isEmpty() && c.virtualServers().isEmpty()) {
            LOG.log(Level.WARNING, "the configuration has no vrrp_instance and no virtual_server; nothing to do");
        }
    }

    private static void release(PidFile p) {
        try {
            p.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove pid file {0}: {1}", p.path(), e.getMessage());
        }
    }

    private static Level level(Severity s) {
        return switch (s) {
            case FATAL, UNREADABLE -> Level.ERROR;
            case ERROR, WARNING, SECURITY -> Level.WARNING;
            case NOTICE -> Level.INFO;
        };
    }
}
