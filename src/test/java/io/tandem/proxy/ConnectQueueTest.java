package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.VirtualServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue of a full virtual server over real loopback sockets: a backend at its
 * {@code uthreshold} makes new clients wait (they get nothing, and are not closed), a connection
 * that ends gives its slot to the client that waited longest, and a wait that runs out ends at
 * the sorry server or, without one, closed. Backends greet each connection with their name.
 */
@ExtendWith(LeakWatch.class)
class ConnectQueueTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    /** What the frontends logged (java.util.logging is System.Logger's backend here), rendered. */
    private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.logging.Logger frontendLog = java.util.logging.Logger.getLogger(Frontend.class.getName());
    private final java.util.logging.Handler capture = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord r) {
            logged.add(r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @org.junit.jupiter.api.BeforeEach
    void captureLog() {
        frontendLog.addHandler(capture);
        cleanup.add(() -> frontendLog.removeHandler(capture));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    /** Greets every connection with "NAME\n" and keeps it open until the client closes. */
    private ServerSocket greeter(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    cleanup.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                            s.getInputStream().readAllBytes();
                        } catch (IOException e) {
                            // closed by the test
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private Socket client(InetSocketAddress at) throws IOException {
        Socket s = new Socket();
        cleanup.add(s);
        s.connect(at, 2000);
        return s;
    }

    /** The first line the proxy relays, "closed" at the end of stream, "nothing" when none came within {@code wait}. */
    private static String firstLine(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        try {
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return b.isEmpty() ? "closed" : b.toString();
                }
                b.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            return b.isEmpty() ? "nothing" : b.toString();
        } catch (java.net.SocketException e) {
            return "closed"; // a reset
        }
        return b.toString();
    }

    private ProxyServer proxy(String transport) {
        ProxyServer p = new ProxyServer(transport.equals("epoll") ? Transport.epoll() : Transport.nio(), 2);
        cleanup.add(p);
        return p;
    }

    private static VirtualServer oneBackendOfOneSlot(int port, Optional<VirtualServer.Endpoint> sorry, Duration queueTimeout) {
        return Services.withQueueTimeout(Services.service("127.0.0.1", 0, "rr",
                List.of(Services.real("127.0.0.1", port, 1, false, 1, 0, List.of(Services.tcpCheck()))),
                sorry, 1, Optional.empty()), queueTimeout);
    }

    private static void awaitQueued(ProxyServer proxy, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.status().getFirst().queued() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(proxy.status().getFirst().queued()).as("clients waiting").isEqualTo(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aSlotThatFreesUpGoesToTheClientThatWaitedLongest(String transport) throws Exception {
        ServerSocket a = greeter("a");
        BackendPool pool = new BackendPool(oneBackendOfOneSlot(a.getLocalPort(), Optional.empty(), Duration.ofSeconds(30)));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        Socket first = client(at);
        assertThat(firstLine(first, Duration.ofSeconds(5))).isEqualTo("a");
        Socket second = client(at);
        awaitQueued(proxy, 1);
        Socket third = client(at);
        awaitQueued(proxy, 2);
        assertThat(firstLine(second, Duration.ofMillis(300))).as("full: the second waits, not closed").isEqualTo("nothing");
        assertThat(proxy.status().getFirst().refused()).isZero();

        first.close();
        assertThat(firstLine(second, Duration.ofSeconds(5))).as("the freed slot goes to the one that came first").isEqualTo("a");
        assertThat(firstLine(third, Duration.ofMillis(300))).isEqualTo("nothing");
        second.close();
        assertThat(firstLine(third, Duration.ofSeconds(5))).isEqualTo("a");
        awaitQueued(proxy, 0);
        assertThat(pool.status().getFirst().total()).as("three connections, one at a time").isEqualTo(3);
        assertThat(pool.status().getFirst().active()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aWaitThatRunsOutEndsAtTheSorryServerOrClosed(String transport) throws Exception {
        ServerSocket a = greeter("a");
        ServerSocket sorry = greeter("sorry");
        ProxyServer proxy = proxy(transport);
        InetSocketAddress withSorry = proxy.listen(new BackendPool(oneBackendOfOneSlot(a.getLocalPort(),
                Optional.of(new VirtualServer.Endpoint("127.0.0.1", sorry.getLocalPort())), Duration.ofMillis(400))));
        Socket held = client(withSorry);
        assertThat(firstLine(held, Duration.ofSeconds(5))).isEqualTo("a");
        long start = System.nanoTime();
        Socket late = client(withSorry);
        assertThat(firstLine(late, Duration.ofSeconds(10))).as("after its 400 ms in the queue").isEqualTo("sorry");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("proxy_queue_timeout 400 ms: at the sorry server after " + waited.toMillis() + " ms");
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        ServerSocket b = greeter("b");
        InetSocketAddress noSorry = proxy.listen(new BackendPool(oneBackendOfOneSlot(b.getLocalPort(), Optional.empty(),
                Duration.ofMillis(400))));
        Socket heldB = client(noSorry);
        assertThat(firstLine(heldB, Duration.ofSeconds(5))).isEqualTo("b");
        Socket closed = client(noSorry);
        assertThat(firstLine(closed, Duration.ofSeconds(10))).as("no sorry server: closed after the wait").isEqualTo("closed");
        FrontendStatus s = proxy.status().stream().filter(f -> f.service().sorryServer().isEmpty()).findFirst().orElseThrow();
        assertThat(s.refused()).isEqualTo(1);
        assertThat(s.queued()).isZero();
        String vs = "virtual_server 127.0.0.1:0"; // both as configured: port 0, the kernel's choice
        assertThat(logged).as("the overload in the log, one line per virtual server and kind")
                .containsExactlyInAnyOrder(
                        "INFO " + vs + ": every real server a new connection could use is at its uthreshold;"
                                + " new connections wait for a slot, up to 400 ms (1 waiting; at most one such line per 10 s)",
                        "WARNING " + vs + ": a client waited 400 ms for a slot and went to the sorry_server;"
                                + " refused so far: 0 (at most one such line per 10 s)",
                        "INFO " + vs + ": every real server a new connection could use is at its uthreshold;"
                                + " new connections wait for a slot, up to 400 ms (1 waiting; at most one such line per 10 s)",
                        "WARNING " + vs + ": a client waited 400 ms for a slot and was closed;"
                                + " refused so far: 1 (at most one such line per 10 s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void withoutAQueueAFullBackendsClientIsClosedAtOnce(String transport) throws Exception {
        ServerSocket a = greeter("a");
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(new BackendPool(oneBackendOfOneSlot(a.getLocalPort(), Optional.empty(), Duration.ZERO)));
        Socket held = client(at);
        assertThat(firstLine(held, Duration.ofSeconds(5))).isEqualTo("a");
        long start = System.nanoTime();
        assertThat(firstLine(client(at), Duration.ofSeconds(10))).isEqualTo("closed");
        System.out.println("proxy_queue_timeout 0: closed after " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        assertThat(proxy.status().getFirst().queued()).isZero();
        assertThat(proxy.status().getFirst().refused()).isEqualTo(1);
    }
}
