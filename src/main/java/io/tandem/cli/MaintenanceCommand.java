package io.tandem.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem maintenance on|off|status}: hold the current placement while people work. */
@Command(name = "maintenance", header = "Hold the current placement: tracking no longer moves VIPs (on, off, status).",
        description = {
        "on: hold the current placement. Checks keep running and reporting, but what they say no longer moves "
                + "a VIP: priorities and faults from track_script, track_interface and the MySQL failback hold stay as "
                + "they are, so restarting mysqld or breaking replication on purpose causes no failover. VRRP itself "
                + "still runs: if the master's adverts stop (host down, tandem stopped), its backup still takes over.",
        "off: tracking applies again at once (which may move a VIP). status: show whether it is on.",
        "It applies to this host's daemon; run it on both masters. It survives a restart of the daemon "
                + "(kept beside the control socket), not a reboot."},
        footer = {"", "Exit status: 0 done; 1 no daemon answers; 2 refused."})
final class MaintenanceCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "on|off|status", description = "Default: status.")
    String mode;

    @Mixin
    ControlClient daemon = new ControlClient();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        String m = mode == null ? "status" : mode;
        if (!m.equals("on") && !m.equals("off") && !m.equals("status")) {
            err.println("tandem maintenance: say on, off or status (not '" + m + "')");
            return ControlClient.REFUSED;
        }
        return daemon.ask("maintenance", "maintenance " + m, out, err);
    }
}
