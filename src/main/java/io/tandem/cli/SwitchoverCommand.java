package io.tandem.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem switchover [INSTANCE] [--to HOST]}: a planned move of the write VIP to the other
 * master, run on the host that holds it now. The daemon does it in the safe order and prints
 * each step with its duration, or refuses and says why (exit 2).
 */
@Command(name = "switchover", header = "Planned move of the write VIP to the other master (run it on the master).",
        description = {
        "Move the write VIP of a vrrp_instance with a mysql {} block to the other master, in the safe order: "
                + "check the target (replication running, lag within --max-lag, fenced by its own Tandem), fence this master "
                + "(read_only, client sessions ended), wait until the target has applied everything, hand over the VIP "
                + "(priority 0 advert), and wait until the target's Tandem has made it writable.",
        "Refuses, changing nothing, when the target is not healthy; if the target does not catch up in time, "
                + "writes come back on here.",
        "Run it on the host that holds the VIP. Afterwards this host stays BACKUP (its priority held below the "
                + "new master's) until the VIP comes back to it by a switchover or a failover."},
        footer = {"", "Exit status: 0 switched over; 1 no daemon answers; 2 refused or failed (the reason is printed)."})
final class SwitchoverCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "The vrrp_instance (default: the only one with a mysql {} block).")
    String instance;

    @Option(names = "--to", paramLabel = "HOST", description = "The target master: its mysql peer host, or the address it sends adverts from."
            + " Default: the other master.")
    String to;

    @Option(names = "--max-lag", paramLabel = "SECONDS", description = "Refuse when the target's replication lags more (default: 5).")
    Integer maxLag;

    @Option(names = "--wait", paramLabel = "SECONDS",
            description = "How long the target may take to apply this master's last transaction (default: 5).")
    Integer waitSeconds;

    @Mixin
    ControlClient daemon = new ControlClient();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        StringBuilder request = new StringBuilder("switchover");
        if (instance != null) {
            request.append(' ').append(instance);
        }
        if (to != null) {
            request.append(" to=").append(to);
        }
        if (maxLag != null) {
            request.append(" max-lag=").append(maxLag);
        }
        if (waitSeconds != null) {
            request.append(" wait=").append(waitSeconds);
        }
        return daemon.ask("switchover", request.toString(), out, err);
    }
}
