package io.tandem.daemon;

import io.tandem.config.ConfigLoader;
import io.tandem.config.Diagnostic;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.Severity;
import io.tandem.config.VirtualServer;
import io.tandem.config.VrrpInstance;
import io.tandem.host.FileConfigSource;
import io.tandem.host.LocalHostFacts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * The composition root. For now it loads and validates the configuration, writes the pid file,
 * re-reads the configuration on SIGHUP and stops cleanly on SIGTERM or SIGINT. It does not yet
 * run VRRP, checkers or the proxy, and says so at start-up for every part it would run.
 */
public final class Daemon {
    /** keepalived's KEEPALIVED_EXIT_CONFIG: the configuration cannot be used. */
    public static final int EXIT_CONFIG = 2;

    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    private final DaemonOptions options;
    private final CountDownLatch stop = new CountDownLatch(1);

    public Daemon(DaemonOptions options) {
        this.options = options;
    }

    /** Runs until SIGTERM or SIGINT; returns the process exit code. */
    public int run() {
        LOG.log(Level.INFO, "tandem {0} starting, pid {1}, configuration {2}", Version.current(), ProcessHandle.current().pid(),
                options.configFile());
        ConfigLoader.Result loaded = load();
        if (!loaded.runnable()) {
            LOG.log(Level.ERROR, "configuration cannot run; exiting");
            return EXIT_CONFIG;
        }
        describe(loaded.config());
        try {
            writePidFile();
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot write pid file {0}: {1}", options.pidFile().orElseThrow(), e.getMessage());
            return 1;
        }
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> reload());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "stopping");
        removePidFile();
        LOG.log(Level.INFO, "stopped");
        return 0;
    }

    private ConfigLoader.Result load() {
        ConfigLoader.Result r = ConfigLoader.load(options.configFile().toAbsolutePath().toString(), new FileConfigSource(),
                new LocalHostFacts());
        for (Diagnostic d : r.diagnostics()) {
            LOG.log(level(d.severity()), d.format());
        }
        return r;
    }

    private void reload() {
        LOG.log(Level.INFO, "SIGHUP: re-reading {0}", options.configFile());
        ConfigLoader.Result r = load();
        if (r.runnable()) {
            describe(r.config());
        } else {
            LOG.log(Level.ERROR, "SIGHUP: new configuration cannot run; keeping the current one");
        }
    }

    private static void describe(KeepalivedConfig c) {
        for (VrrpInstance i : c.vrrpInstances()) {
            LOG.log(Level.WARNING, "vrrp_instance {0} (VRID {1} on {2}): the VRRP engine is not implemented yet; "
                    + "this node does not advertise and holds no virtual address", i.name(), i.virtualRouterId(), i.iface());
        }
        for (VirtualServer vs : c.virtualServers()) {
            LOG.log(Level.WARNING, "virtual_server {0}:{1}: the load balancer is not implemented yet; not listening",
                    vs.address(), String.valueOf(vs.port()));
        }
        if (c.vrrpInstances().isEmpty() && c.virtualServers().isEmpty()) {
            LOG.log(Level.WARNING, "the configuration has no vrrp_instance and no virtual_server; nothing to do");
        }
    }

    private void writePidFile() throws IOException {
        if (options.pidFile().isPresent()) {
            Path p = options.pidFile().get();
            Files.writeString(p, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }
    }

    private void removePidFile() {
        options.pidFile().ifPresent(p -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove pid file {0}: {1}", p, e.getMessage());
            }
        });
    }

    private static Level level(Severity s) {
        return switch (s) {
            case FATAL, UNREADABLE -> Level.ERROR;
            case ERROR, WARNING, SECURITY -> Level.WARNING;
            case NOTICE -> Level.INFO;
        };
    }
}
