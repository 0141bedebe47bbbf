package io.tandem.cli;

import io.tandem.daemon.DaemonOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem status [--json]}: asks the running daemon over its control socket and prints
 * the answer. Exit 0 with the status, 1 when no daemon answers (with the reason), as
 * {@code systemctl status} scripts expect.
 */
@Command(name = "status", description = {"Show the running daemon's VRRP instances, checks, MySQL servers and backends.",
        "Talks to the daemon over its control socket (owner-only: run as the daemon's user or root)."})
final class StatusCommand implements Callable<Integer> {
    /** Answers are bounded by the daemon; this is a second bound against a confused peer. */
    static final int MAX_ANSWER = 8 << 20;

    @Option(names = "--json", description = "Print JSON (the same as GET /status).")
    boolean json;

    @Option(names = "--stats", description = "Print keepalived's statistics layout (as SIGUSR2 writes).")
    boolean stats;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "The daemon's control socket (default: tandem.sock next to --pid, else /run/tandem/tandem.sock).")
    Path socket;

    @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "The daemon's pid file; its control socket is beside it.")
    Path pidFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path path = socket != null ? socket : DaemonOptions.controlSocketFor(Optional.ofNullable(pidFile));
        String request = stats ? "stats" : json ? "status json" : "status";
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            while (c.read(buf) >= 0) {
                buf.flip();
                answer.write(buf.array(), 0, buf.limit());
                buf.clear();
                if (answer.size() > MAX_ANSWER) {
                    err.println("tandem status: answer from " + path + " too long; cut");
                    break;
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            out.print(text);
            out.flush();
            return text.startsWith("error:") ? 2 : 0;
        } catch (IOException e) {
            err.println("tandem status: no daemon answers on " + path + " (" + e.getMessage() + ")"
                    + (e instanceof java.nio.file.AccessDeniedException || String.valueOf(e.getMessage()).contains("ermission")
                    ? "; the socket is owner-only: run as the daemon's user or root" : "; is tandem running?"));
            return 1;
        }
    }
}
