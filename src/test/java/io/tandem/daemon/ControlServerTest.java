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
    void aClientThatSendsNothingIsCutOffAndTheNextOneIsServed() throws IOException {
        Path sock = dir.resolve("tandem.sock");
        try (ControlServer s = ControlServer.open(sock, board);
             SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
            long start = System.nanoTime();
            String answer = ask(sock, "status\n");  // waits behind the silent client, at most its deadline
            long waited = System.nanoTime() - start;
            assertThat(answer).contains("tandem ");
            assertThat(Duration.ofNanos(waited)).isLessThan(ControlServer.CLIENT_DEADLINE.plusSeconds(3));
            // the silent client was closed by the daemon: reading sees end of stream
            assertThat(silent.read(ByteBuffer.allocate(16))).isEqualTo(-1);
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
