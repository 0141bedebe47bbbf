package io.tandem.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem status [--json]}: asks the running daemon over its control socket and prints
 * the answer. Exit 0 with the status, 1 when no daemon answers (with the reason), as
 * {@code systemctl status} scripts expect.
 */
@Command(name = "status", description = {"Show the running daemon's VRRP instances, checks, MySQL servers and backends.",
        "Talks to the daemon over its control socket (owner-only: run as the daemon's user or root)."})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (the same as GET /status).")
    boolean json;

    @Option(names = "--stats", description = "Print keepalived's statistics layout (as SIGUSR2 writes).")
    boolean stats;

    @Mixin
    ControlClient daemon = new ControlClient();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        return daemon.ask("status", stats ? "stats" : json ? "status json" : "status", out, err);
    }
}
