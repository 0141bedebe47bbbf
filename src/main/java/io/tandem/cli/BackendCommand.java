package io.tandem.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem drain BACKEND} and {@code tandem ready BACKEND}: take a load-balancer backend out
 * of rotation gently (no new connections, existing ones finish) and put it back.
 */
abstract class BackendCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BACKEND", description = "The real_server as ADDRESS:PORT (or ADDRESS when only one port is used).")
    String backend;

    @Option(names = "--vs", paramLabel = "ADDRESS:PORT",
            description = "Only in this virtual_server (default: in every virtual_server that has the backend).")
    String virtualServer;

    @Mixin
    ControlClient daemon = new ControlClient();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    abstract String verb();

    @Override
    public Integer call() {
        String request = verb() + " " + backend + (virtualServer == null ? "" : " vs=" + virtualServer);
        return daemon.ask(verb(), request, out, err);
    }

    @Command(name = "drain", header = "Stop new connections to a load-balancer backend; open ones finish.",
            description = {"Stop sending new connections to a load-balancer backend; existing ones finish.",
            "Health checks keep running; the backend stays drained until 'tandem ready' (or a restart of the daemon)."},
            footer = {"", "Exit status: 0 done; 1 no daemon answers; 2 refused (no such backend)."})
    static final class Drain extends BackendCommand {
        @Override
        String verb() {
            return "drain";
        }
    }

    @Command(name = "ready", header = "Let a drained load-balancer backend take new connections again.",
            description = {"Let a drained load-balancer backend take new connections again",
            "(when its health checks say it is up)."},
            footer = {"", "Exit status: 0 done; 1 no daemon answers; 2 refused (no such backend)."})
    static final class Ready extends BackendCommand {
        @Override
        String verb() {
            return "ready";
        }
    }
}
