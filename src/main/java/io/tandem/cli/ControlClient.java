package io.tandem.cli;

import io.tandem.daemon.DaemonOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a command reaches the running daemon: one request line over its control socket, the
 * answer read until the daemon closes, printed as it is. Shared by {@code status} and the
 * operator's verbs as a picocli mixin (the same {@code --control-socket} and {@code -p} options).
 *
 * <p>Exit codes: 0 the daemon answered and did it, 1 no daemon answers, 2 the daemon refused
 * (its answer starts with {@code error:}).
 */
final class ControlClient {
    /** Answers are bounded by the daemon; this is a second bound against a confused peer. */
    static final int MAX_ANSWER = 8 << 20;
    static final int NO_DAEMON = 1;
    static final int REFUSED = 2;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "The daemon's control socket (default: tandem.sock next to --pid, else /run/tandem/tandem.sock).")
    Path socket;

    @Option(names = {"-p", "--pid"}, paramLabel = "FILE", description = "The daemon's pid file; its control socket is beside it.")
    Path pidFile;

    Path path() {
        return socket != null ? socket : DaemonOptions.controlSocketFor(Optional.ofNullable(pidFile));
    }

    /** Sends {@code request}, prints the answer to {@code out}; returns the exit code. */
    int ask(String command, String request, PrintStream out, PrintStream err) {
        Path path = path();
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (c.read(buf) >= 0) {
                buf.flip();
                answer.write(buf.array(), 0, buf.limit());
                buf.clear();
                if (answer.size() > MAX_ANSWER) {
                    err.println("tandem " + command + ": answer from " + path + " too long; cut");
                    break;
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                err.println("tandem " + command + ": the daemon on " + path + " closed without an answer (see its log)");
                return REFUSED;
            }
            (text.startsWith("error:") ? err : out).print(text);
            out.flush();
            err.flush();
            return text.startsWith("error:") ? REFUSED : 0;
        } catch (IOException e) {
            err.println("tandem " + command + ": no daemon answers on " + path + " (" + e.getMessage() + ")"
                    + (e instanceof java.nio.file.AccessDeniedException || String.valueOf(e.getMessage()).contains("ermission")
                    ? "; the socket is owner-only: run as the daemon's user or root" : "; is tandem running?"));
            return NO_DAEMON;
        }
    }
}
