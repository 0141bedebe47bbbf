package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A check's connection with {@code proxy_protocol}: Connector/J, given the endpoint's properties,
 * opens its socket through the factory, and the server reads the header before anything else.
 */
class ProxyHeaderSocketFactoryTest {
    @Test
    void theDriversFirstBytesAreTheV1HeaderWithTheSocketsOwnAddresses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> firstLine = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket c = server.accept()) {
                    c.setSoTimeout(5000);
                    InputStream in = c.getInputStream();
                    StringBuilder line = new StringBuilder();
                    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                        line.append((char) b);
                    }
                    firstLine.complete(line + "|" + c.getPort()); // then close: the login fails, as it should here
                } catch (Exception e) {
                    firstLine.completeExceptionally(e);
                }
            });
            MysqlEndpoint e = new MysqlEndpoint("127.0.0.1", server.getLocalPort(), Optional.empty(), "u", "p",
                    Duration.ofSeconds(2), Optional.of(io.tandem.config.VirtualServer.ProxyProtocol.V1));
            assertThatThrownBy(() -> DriverManager.getConnection(e.url(), e.properties()).close()).isInstanceOf(SQLException.class);
            String[] got = firstLine.get(5, TimeUnit.SECONDS).split("\\|");
            assertThat(got[0]).isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + got[1] + " " + server.getLocalPort() + "\r");
        }
    }

    @Test
    void v2IsTheBinaryBlockAndAUnixSocketGetsNoHeader() {
        byte[] h = ProxyHeaderSocketFactory.header(io.netty.handler.codec.haproxy.HAProxyProtocolVersion.V2,
                new java.net.InetSocketAddress("10.0.0.5", 40000), new java.net.InetSocketAddress("10.0.0.21", 3306));
        assertThat(new String(h, 0, 12, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n\r\n\0\r\nQUIT\n");
        assertThat(h).hasSize(16 + 12).startsWith(new byte[] {0x0D, 0x0A}).endsWith(new byte[] {10, 0, 0, 5, 10, 0, 0, 21,
                (byte) (40000 >> 8), (byte) 40000, 3306 >> 8, (byte) 3306});
        MysqlEndpoint unix = new MysqlEndpoint("127.0.0.1", 3306, Optional.of("/run/mysqld/mysqld.sock"), "u", "p",
                Duration.ofSeconds(1), Optional.of(io.tandem.config.VirtualServer.ProxyProtocol.V2));
        assertThat(unix.properties().getProperty("socketFactory")).isEqualTo(UnixSocketFactory.class.getName());
        assertThat(unix.properties().getProperty(ProxyHeaderSocketFactory.VERSION_PROPERTY)).isNull();
    }
}
