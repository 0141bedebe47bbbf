package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unix socket Connector/J gets from {@link UnixSocketFactory}, against a real unix socket
 * server in a temporary directory: bytes both ways, a silent server fails a read by the socket
 * timeout (what a SIGSTOPped mysqld looks like), a missing socket fails at once.
 */
class UnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void carriesBytesBothWaysAndTimesOutOnASilentServer() throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (UnixSocket client = new UnixSocket(path)) {
                client.connect(null, 1000);
                assertThat(client.isConnected()).isTrue();
                try (SocketChannel peer = server.accept()) {
                    client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                    ByteBuffer got = ByteBuffer.allocate(4);
                    while (got.hasRemaining()) {
                        peer.read(got);
                    }
                    assertThat(new String(got.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
                    peer.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
                    InputStream in = client.getInputStream();
                    assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("pong");

                    client.setSoTimeout(200);
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> in.read(new byte[8], 0, 8)).isInstanceOf(SocketTimeoutException.class);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertThat(ms).as("waited for the timeout, not forever").isBetween(150L, 5_000L);

                    peer.close();
                    assertThat(in.read(new byte[8], 0, 8)).as("end of stream once the server closes").isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void aMissingSocketFailsAtOnceAndAClosedOneRefusesStreams() throws IOException {
        UnixSocket s = new UnixSocket(dir.resolve("nobody.sock"));
        assertThatThrownBy(() -> s.connect(null, 1000)).isInstanceOf(SocketException.class).hasMessageContaining("nobody.sock");
        assertThat(Files.exists(dir.resolve("nobody.sock"))).isFalse();
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(s::getInputStream).isInstanceOf(SocketException.class);
    }
}
