package io.tandem.cli;

import io.tandem.daemon.Daemon;
import io.tandem.daemon.DaemonOptions;
import io.tandem.daemon.PlainLogFormatter;
import io.tandem.daemon.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem [OPTIONS]}: keepalived's command line where it makes sense. Without a subcommand
 * it runs the daemon in the foreground; {@code -t} tests the configuration instead.
 */
@Command(name = "tandem", mixinStandardHelpOptions = false, sortOptions = false,
        subcommands = {RunCommand.class, CheckCommand.class, StatusCommand.class, SwitchoverCommand.class,
                MaintenanceCommand.class, BackendCommand.Drain.class, BackendCommand.Ready.class, VersionCommand.class},
        description = {"High availability for MySQL and MariaDB: VRRP (keepalived-compatible), fencing, read load balancing.",
                "Reads keepalived.conf. Without a command, runs the daemon in the foreground (as 'run')."},
        footer = {"", "Signals: TERM or INT stop (masters send priority 0 and release their addresses), HUP reloads the configuration,",
                "USR1 writes the data dump $TMPDIR/tandem.data, USR2 the statistics $TMPDIR/tandem.stats (TMPDIR unset: /tmp).",
                "Exit status: 0 stopped; 1 cannot start (another tandem holds the pid file, pid file not writable, no VRRP sockets);",
                "2 the configuration cannot run or the command line is invalid.",
                "tandem -t / check: 0 ok, 4 cannot run, 5 errors (parts ignored), 6 unreadable or scripts without enable_script_security.",
                "Files: /etc/tandem/keepalived.conf (else /etc/keepalived/keepalived.conf), /run/tandem/tandem.pid (the service's),",
                "/run/tandem/tandem.sock (control socket for 'tandem status', beside the pid file).",
                "See tandem(8)."})
public final class TandemCommand implements Callable<Integer> {
    /** The default configuration: Tandem's own if present, else keepalived's, so a drop-in finds it. */
    static Path defaultConfig() {
        Path own = Path.of("/etc/tandem/keepalived.conf");
        return Files.exists(own) ? own : Path.of("/etc/keepalived/keepalived.conf");
    }

    @Mixin
    DaemonFlags flags = new DaemonFlags();

    @Option(names = {"-t", "--config-test"}, description = "Check the configuration and exit, as 'check' does.")
    boolean configTest;

    @Option(names = {"-v", "--version"}, description = "Print the version and exit.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        if (version) {
            return new VersionCommand().call();
        }
        if (configTest) {
            CheckCommand check = new CheckCommand();
            check.configFile = flags.configFile;
            return check.call();
        }
        return flags.runDaemon();
    }

    /** keepalived's daemon flags, shared by {@code tandem} and {@code tandem run}. */
    static final class DaemonFlags {
        @Option(names = {"-f", "--use-file"}, paramLabel = "FILE",
                description = "Configuration file (default /etc/tandem/keepalived.conf, else /etc/keepalived/keepalived.conf).")
        Path configFile;

        @Option(names = {"-D", "--log-detail"}, description = "Detailed log messages.")
        boolean detail;

        @Option(names = {"-n", "--dont-fork"}, description = "Don't fork. Tandem always runs in the foreground; accepted for keepalived compatibility.")
        boolean dontFork;

        @Option(names = {"-l", "--log-console"}, description = "Log to the console. Tandem logs to standard error; accepted for keepalived compatibility.")
        boolean logConsole;

        @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "Write the daemon's pid to FILE and hold it locked: a second daemon with the same FILE refuses to start (exit 1).")
        Path pidFile;

        @Option(names = "--control-socket", paramLabel = "PATH",
                description = "Control socket for 'tandem status' (default: tandem.sock next to --pid; none without either).")
        Path controlSocket;

        @Option(names = "--http", paramLabel = "[ADDR:]PORT",
                description = "Serve GET /status (JSON) and /metrics (Prometheus) on ADDR:PORT (ADDR default 127.0.0.1). Off by default;"
                        + " global_defs http_status does the same.")
        String http;

        @Option(names = "--http-token", paramLabel = "FILE",
                description = "The bearer token that POST /switchover, /maintenance, /drain and /ready need, in FILE"
                        + " (owned by root or Tandem's user, mode 600). Without it (or global_defs http_token_file)"
                        + " the HTTP endpoint is read-only.")
        Path httpToken;

        int runDaemon() {
            PlainLogFormatter.installAsync(detail);
            Path config = configFile != null ? configFile : defaultConfig();
            Optional<java.net.InetSocketAddress> httpAt = Optional.empty();
            if (http != null) {
                io.tandem.config.GlobalDefs.HttpEndpoint e = io.tandem.config.GlobalDefs.HttpEndpoint.parse(http, null);
                if (e == null) {
                    System.err.println("tandem: --http needs [ADDR:]PORT with ADDR an IPv4 address, not '" + http + "'");
                    return Daemon.EXIT_CONFIG;
                }
                httpAt = Optional.of(new java.net.InetSocketAddress(e.address(), e.port()));
            }
            return new Daemon(new DaemonOptions(config, Optional.ofNullable(pidFile), detail, Optional.ofNullable(controlSocket),
                    httpAt, Optional.ofNullable(httpToken))).run();
        }
    }
}

@Command(name = "run", description = "Run the daemon in the foreground (the default command).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    TandemCommand.DaemonFlags flags = new TandemCommand.DaemonFlags();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        return flags.runDaemon();
    }
}

@Command(name = "version", description = "Print the version and exit.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("tandem " + Version.current() + " (Java " + Runtime.version() + ")");
        return 0;
    }
}
