package io.tandem.daemon;

import io.tandem.status.StatsText;
import io.tandem.status.StatusJson;
import io.tandem.status.StatusText;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's control socket: a unix-domain socket, owner-only ({@code 0600}), that
 * {@code tandem status} talks to. A client sends one request line ({@code status},
 * {@code status json}, {@code stats}) and reads the answer until the daemon closes.
 *
 * <p>Served by one thread of its own, one client at a time, from the snapshots the control loop
 * publishes ({@link StatusBoard}): a client never touches the loop. A client that does not send
 * its line or read its answer within {@link #CLIENT_DEADLINE} is cut off; a request line is at
 * most {@link #MAX_REQUEST} bytes; an answer at most {@link #MAX_ANSWER} characters.
 */
final class ControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());
    static final Duration CLIENT_DEADLINE = Duration.ofSeconds(2);
    static final int MAX_REQUEST = 256;
    static final int MAX_ANSWER = 4 << 20;

    private final Path path;
    private final ServerSocketChannel server;
    private final StatusBoard board;
    private final Thread thread;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("control-deadline").factory());
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, StatusBoard board) {
        this.path = path;
        this.server = server;
        this.board = board;
        this.thread = Thread.ofPlatform().daemon().name("control-socket").unstarted(this::serve);
    }

    /**
     * Binds {@code path} owner-only and starts serving. The socket is bound under a temporary name,
     * restricted, then renamed into place, so it is never reachable with wider permissions. A
     * socket file left by a dead daemon is replaced; one that a live daemon answers on is not.
     */
    static ControlServer open(Path path, StatusBoard board) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(path) && answers(path)) {
            throw new IOException("another daemon answers on " + path);
        }
        Path tmp = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(tmp));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        ControlServer s = new ControlServer(path, ch, board);
        s.thread.start();
        return s;
    }

    private static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path path() {
        return path;
    }

    private void serve() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "control socket {0}: accept failed: {1}", path, e.getMessage());
                }
                if (!server.isOpen()) {
                    return;
                }
                continue;
            }
            ScheduledFuture<?> cutOff = deadlines.schedule(() -> closeQuietly(client), CLIENT_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS);
            try (client) {
                answer(client);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "control socket client: {0}", e.toString());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "control socket: answering failed", e);
            } finally {
                cutOff.cancel(false);
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        String request = readLine(client);
        String reply = reply(request);
        if (reply.length() > MAX_ANSWER) {
            reply = reply.substring(0, MAX_ANSWER) + "\n[truncated at " + MAX_ANSWER + " characters]\n";
        }
        ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    /** The answer to one request line; unknown requests get a line starting with "error:". */
    String reply(String request) {
        return switch (request.strip()) {
            case "status" -> StatusText.render(board.now());
            case "status json" -> StatusJson.render(board.now());
            case "stats" -> StatsText.render(board.now());
            default -> "error: unknown request '" + request.strip() + "' (status, status json, stats)\n";
        };
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        while (in.hasRemaining()) {
            if (client.read(in) < 0) {
                break;
            }
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    return new String(in.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        deadlines.shutdownNow();
        try {
            thread.join(1000);
            Files.deleteIfExists(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove control socket {0}: {1}", path, e.getMessage());
        }
    }
}
