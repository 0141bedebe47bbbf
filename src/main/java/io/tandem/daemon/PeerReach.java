package io.tandem.daemon;

import io.tandem.mysql.MysqlEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the other master's mysqld can be reached at all, as opposed to reached but not
 * answering: a TCP connect that is refused, finds no route or gets no answer means down or cut
 * off; one that the kernel accepts means a server is there (perhaps hung) and must be fenced
 * before this node opens writes.
 */
final class PeerReach {
    private PeerReach() {}

    /** Why {@code peer} is unreachable, or empty when a TCP connection (or its unix socket) opens within {@code timeout}. */
    static Optional<String> unreachable(MysqlEndpoint peer, Duration timeout) {
        if (peer.socket().isPresent()) {
            return Files.exists(Path.of(peer.socket().get())) ? Optional.empty() : Optional.of("no socket " + peer.socket().get());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(peer.host(), peer.port()), (int) Math.max(1, timeout.toMillis()));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
