package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket on a real unix-domain socket: permissions, answers, and clients that stall. */
class ControlServerTest {
    @TempDir
    Path dir;

    private final StatusBoard board = new StatusBoard("/etc/tandem/keepalived.conf", new ControlLoop(Duration.ofMillis(250)));

    @Test
    void answersStatusAndJsonOnAnOwnerOnlySocket() throws IOException {
        Path sock = dir.resolve("tandem.sock");
        try (ControlServer s = ControlServer.open(sock, board)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
            assertThat(ask(sock, "status\n")).contains("configuration /etc/tandem/keepalived.conf").contains("no vrrp_instance");
            assertThat(ask(sock, "status json\n")).startsWith("{\"version\":").contains("\"vrrp_instances\":[]");
            assertThat(ask(sock, "reboot\n")).startsWith("error: unknown request 'reboot'");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void aClientThatSendsNothingDoesNotHoldUpOthersAndIsCutOff() throws IOException {
        Path sock = dir.resolve("tandem.sock");
        try (ControlServer s = ControlServer.open(sock, board);
             SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            long start = System.nanoTime();
            String answer = ask(sock, "status\n");  // answered beside the silent client, not after it
            long waited = System.nanoTime() - start;
            assertThat(answer).contains("tandem ");
            assertThat(Duration.ofNanos(waited)).isLessThan(ControlServer.CLIENT_DEADLINE);
            // the silent client is closed by the daemon at its deadline: reading sees end of stream
            assertThat(silent.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        }
    }

    /** Records requests; {@code switchover} blocks until released, as a real one takes seconds. */
    static final class SlowOperations implements Operations {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Outcome switchover(ControlRequest request) {
            seen.add(request.line());
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done("switched over");
        }

        @Override
        public Outcome maintenance(ControlRequest request) {
            seen.add(request.line());
            return Outcome.refused("maintenance: say on, off or status");
        }

        @Override
        public Outcome drain(ControlRequest request) {
            throw new IllegalStateException("boom");
        }

        @Override
        public Outcome ready(ControlRequest request) {
            seen.add(request.line());
            return Outcome.done("ready");
        }
    }

    @Test
    void operationsAreDispatchedAndALongOneDoesNotHoldUpStatus() throws Exception {
        Path sock = dir.resolve("tandem.sock");
        SlowOperations ops = new SlowOperations();
        try (ControlServer s = ControlServer.open(sock, board, ops)) {
            java.util.concurrent.CompletableFuture<String> switched = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return ask(sock, "switchover VI_W to=10.0.0.2\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ops.seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ops.seen).containsExactly("switchover VI_W to=10.0.0.2");
            assertThat(ask(sock, "status\n")).as("answered while the switchover runs").contains("tandem ");
            assertThat(switched).isNotDone();
            ops.release.countDown();
            assertThat(switched.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("switched over\n");
            assertThat(ask(sock, "maintenance sideways\n")).isEqualTo("error: maintenance: say on, off or status\n");
            assertThat(ask(sock, "ready 10.0.0.3:3306 vs=10.0.0.100:3306\n")).isEqualTo("ready\n");
            assertThat(ops.seen).contains("ready 10.0.0.3:3306 vs=10.0.0.100:3306");
            assertThat(ask(sock, "drain 10.0.0.3:3306\n")).startsWith("error: drain failed inside the daemon")
                    .contains("boom");
        }
    }

    @Test
    void aLiveDaemonsSocketIsNotTakenOver() throws IOException {
        Path sock = dir.resolve("tandem.sock");
        try (ControlServer s = ControlServer.open(sock, board)) {
            assertThatThrownBy(() -> ControlServer.open(sock, board)).hasMessageContaining("another daemon answers on");
        }
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path sock = dir.resolve("tandem.sock");
        ControlServer.open(sock, board).close();
        Files.writeString(sock, "left over");
        try (ControlServer s = ControlServer.open(sock, board)) {
            assertThat(ask(sock, "status\n")).contains("tandem ");
        }
    }

    static String ask(Path sock, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(sock));
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (c.read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
