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
 * {@code tandem status} and the operator's verbs talk to. A client sends one request line
 * ({@code status}, {@code status json}, {@code stats}, or an {@link Operations} verb:
 * {@code switchover}, {@code maintenance}, {@code drain}, {@code ready}) and reads the answer
 * until the daemon closes. The socket's permissions are the authentication: whoever can open it
 * is the daemon's user or root.
 *
 * <p>The accept loop has a thread of its own; each client is answered on a virtual thread, at
 * most {@link #MAX_CLIENTS} at once, so a switchover that takes seconds does not hold up
 * {@code tandem status}. Status comes from the snapshots the control loop publishes
 * ({@link StatusBoard}): a client never touches the loop. A client that does not send its line,
 * or read its answer, within {@link #CLIENT_DEADLINE} is cut off; a request line is at most
 * {@link #MAX_REQUEST} bytes; an answer at most {@link #MAX_ANSWER} characters.
 */
final class ControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());
    static final Duration CLIENT_DEADLINE = Duration.ofSeconds(2);
    static final int MAX_REQUEST = 256;
    static final int MAX_ANSWER = 4 << 20;
    static final int MAX_CLIENTS = 8;

    private final Path path;
    private final ServerSocketChannel server;
    private final StatusBoard board;
    private final Operations operations;
    private final java.util.concurrent.Semaphore clients = new java.util.concurrent.Semaphore(MAX_CLIENTS);
    private final Thread thread;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("control-deadline").factory());
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, StatusBoard board, Operations operations) {
        this.path = path;
        this.server = server;
        this.board = board;
        this.operations = operations;
        this.thread = Thread.ofPlatform().daemon().name("control-socket").unstarted(this::serve);
    }

    /**
     * Binds {@code path} owner-only and starts serving. The socket is bound under a temporary name,
     * restricted, then renamed into place, so it is never reachable with wider permissions. A
     * socket file left by a dead daemon is replaced; one that a live daemon answers on is not.
     */
    static ControlServer open(Path path, StatusBoard board) throws IOException {
        return open(path, board, Operations.NONE);
    }

    static ControlServer open(Path path, StatusBoard board, Operations operations) throws IOException {
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
        ControlServer s = new ControlServer(path, ch, board, operations);
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
            if (!clients.tryAcquire()) {
                LOG.log(Level.WARNING, "control socket {0}: {1} clients already; refusing one", path, MAX_CLIENTS);
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("control-client").start(() -> {
                try (client) {
                    answer(client);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "control socket client: {0}", e.toString());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "control socket: answering failed", e);
                } finally {
                    clients.release();
                }
            });
        }
    }

    /** Closes {@code client} unless the returned future is cancelled within {@link #CLIENT_DEADLINE}. */
    private ScheduledFuture<?> deadline(SocketChannel client) {
        return deadlines.schedule(() -> closeQuietly(client), CLIENT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answer(SocketChannel client) throws IOException {
        ScheduledFuture<?> reading = deadline(client);
        String request;
        try {
            request = readLine(client);
        } finally {
            reading.cancel(false);
        }
        String reply = reply(request);
        ScheduledFuture<?> writing = deadline(client);
        try {
            write(client, reply);
        } finally {
            writing.cancel(false);
        }
    }

    private static void write(SocketChannel client, String reply) throws IOException {
        if (reply.length() > MAX_ANSWER) {
            reply = reply.substring(0, MAX_ANSWER) + "\n[truncated at " + MAX_ANSWER + " characters]\n";
        }
        ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    /**
     * The answer to one request line. Refusals and unknown requests get text starting with
     * "error:"; an operation's text is its report.
     */
    String reply(String line) {
        ControlRequest request = ControlRequest.parse(line);
        try {
            return switch (request.verb()) {
                case "status" -> request.word(0).filter("json"::equals).isPresent() ? StatusJson.render(board.now())
                        : StatusText.render(board.now());
                case "stats" -> StatsText.render(board.now());
                default -> Operations.VERBS.contains(request.verb()) ? operations.perform(request).text()
                        : "error: unknown request '" + line.strip() + "' (status, status json, stats, switchover, maintenance, drain, ready)\n";
            };
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "control socket: '" + line.strip() + "' failed", e);
            return "error: " + request.verb() + " failed inside the daemon: " + e + " (see the daemon's log)\n";
        }
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
