package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.VirtualServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole proxy over real loopback sockets, with both transports: relaying, connect retry,
 * half-close, and closing the connections of a failed backend. Backends are plain blocking
 * servers in this test (virtual threads).
 */
@ExtendWith(LeakWatch.class)
class ProxyServerTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    /** A backend that answers "NAME:" + what it read, after the client closed its sending side; or echoes lines. */
    final class Backend implements AutoCloseable {
        final ServerSocket server;
        final String name;
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        final List<String> got = new CopyOnWriteArrayList<>();

        Backend(String name) throws IOException {
            this.name = name;
            this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
            cleanup.add(this);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] all = in.readAllBytes(); // until the client's half-close
                got.add(new String(all, StandardCharsets.US_ASCII));
                out.write((name + ":" + new String(all, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the test closed it
            } finally {
                open.remove(s);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private ProxyServer proxy(String transport) {
        Transport t = switch (transport) {
            case "epoll" -> Transport.epoll();
            case "io_uring" -> Transport.ioUring();
            default -> Transport.nio();
        };
        ProxyServer p = new ProxyServer(t, 1);
        cleanup.add(p);
        return p;
    }

    private static String exchange(InetSocketAddress at, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // half-close: the backend answers only after it saw our end
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static int freePortWithNobodyListening() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void relaysBothWaysAcrossAHalfClose(String transport) throws Exception {
        Backend a = new Backend("a");
        String big = "x".repeat(1 << 20); // more than one read and one socket buffer
        BackendPool pool = new BackendPool(Services.service("rr", List.of(Services.real("127.0.0.1", a.port(), 1))));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        assertThat(exchange(at, "hello")).isEqualTo("a:hello");
        assertThat(exchange(at, big)).isEqualTo("a:" + big);
        assertThat(pool.status().getFirst().total()).isEqualTo(2);
        BackendStatus s = proxy.status().getFirst().backends().getFirst();
        assertThat(s.bytesIn()).isEqualTo(5 + big.length());
        assertThat(s.bytesOut()).isEqualTo(2 + 5 + 2 + big.length());
        // the slot is released when the proxy closes the client's side, just after the client saw the end
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.status().getFirst().backends().getFirst().active() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(proxy.status().getFirst().backends()).singleElement().satisfies(b -> {
            assertThat(b.server().port()).isEqualTo(a.port());
            assertThat(b.state()).isEqualTo("up");
            assertThat(b.weight()).isEqualTo(1);
            assertThat(b.active()).isZero();
            assertThat(b.total()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void aRefusedConnectIsRetriedOnAnotherBackend(String transport) throws Exception {
        Backend b = new Backend("b");
        int dead = freePortWithNobodyListening();
        BackendPool pool = new BackendPool(Services.service("rr", List.of(
                Services.real("127.0.0.1", dead, 1), Services.real("127.0.0.1", b.port(), 1))));
        InetSocketAddress at = proxy(transport).listen(pool);
        for (int i = 0; i < 4; i++) {
            assertThat(exchange(at, "q" + i)).isEqualTo("b:q" + i);
        }
        assertThat(pool.status().get(0).total()).as("failed connects are not counted").isZero();
        assertThat(pool.status().get(0).active()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void withoutAnyBackendTheClientIsClosed(String transport) throws Exception {
        int dead = freePortWithNobodyListening();
        BackendPool pool = new BackendPool(Services.service("rr", List.of(Services.real("127.0.0.1", dead, 1))));
        InetSocketAddress at = proxy(transport).listen(pool);
        String answer;
        try {
            answer = exchange(at, "anyone?");
        } catch (java.net.SocketException e) {
            // closed with our bytes unread in its buffer, the kernel resets instead of a FIN: closed either way
            assertThat(e.getMessage()).contains("reset");
            answer = "";
        }
        assertThat(answer).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void withEveryRealServerDownClientsAreServedByTheSorryServer(String transport) throws Exception {
        Backend a = new Backend("a");
        Backend sorry = new Backend("sorry");
        BackendPool pool = new BackendPool(Services.service("127.0.0.1", 0, "rr", List.of(Services.real("127.0.0.1", a.port(), 1)),
                java.util.Optional.of(new VirtualServer.Endpoint("127.0.0.1", sorry.port())), 1, java.util.Optional.empty()));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        assertThat(exchange(at, "q")).isEqualTo("a:q");
        proxy.report(pool, 0, 0, Health.down("connection refused"));
        // the whole exchange, not just a connect: the sorry server's connection is not dropped as a failed backend's
        assertThat(exchange(at, "anyone?")).isEqualTo("sorry:anyone?");
        assertThat(sorry.got).containsExactly("anyone?");
        proxy.report(pool, 0, 0, Health.up("ok"));
        assertThat(exchange(at, "back")).isEqualTo("a:back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void aFailedBackendHasItsConnectionsClosedAndNewOnesGoElsewhere(String transport) throws Exception {
        Backend a = new Backend("a");
        Backend b = new Backend("b");
        BackendPool pool = new BackendPool(Services.service("rr", List.of(
                Services.real("127.0.0.1", a.port(), 1), Services.real("127.0.0.1", b.port(), 1))));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        try (Socket held = new Socket()) {
            held.connect(at, 2000);
            held.setSoTimeout(5000);
            held.getOutputStream().write('x');
            // wait until the proxy relayed the byte: closing a socket with unread bytes sends a
            // reset, not the end of stream this test expects (a backend's accept is too early)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((proxy.status().getFirst().backends().stream().mapToLong(BackendStatus::bytesIn).sum() < 1
                    || a.open.isEmpty() && b.open.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(a.open.size() + b.open.size()).as("the held connection reached one backend").isEqualTo(1);
            int victim = a.open.isEmpty() ? 1 : 0;
            List<PoolEvent> events = proxy.report(pool, victim, 0, Health.down("connection refused"));
            assertThat(events).hasSize(1).first().isInstanceOf(PoolEvent.BackendDown.class);
            assertThat(held.getInputStream().read()).as("the proxy closed the client's connection").isEqualTo(-1);
            String survivor = victim == 0 ? "b" : "a";
            for (int i = 0; i < 3; i++) {
                assertThat(exchange(at, "r")).isEqualTo(survivor + ":r");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void withInhibitOnFailureAFailedBackendKeepsItsConnectionsAndGetsNoNewOnes(String transport) throws Exception {
        Backend a = new Backend("a");
        Backend b = new Backend("b");
        BackendPool pool = new BackendPool(Services.service("rr", List.of(
                Services.real("127.0.0.1", a.port(), 1, true, 0, 0, List.of(Services.tcpCheck())),
                Services.real("127.0.0.1", b.port(), 1))));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        try (Socket held = new Socket()) {
            held.connect(at, 2000);
            held.getOutputStream().write('x');
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((proxy.status().getFirst().backends().getFirst().bytesIn() < 1 || a.open.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(a.open).as("rr: the first connection on a").hasSize(1);
            proxy.report(pool, 0, 0, Health.down("connection refused"));
            for (int i = 0; i < 3; i++) {
                assertThat(exchange(at, "n")).as("no new connections to a").isEqualTo("b:n");
            }
            assertThat(exchangeBytes(held, "yz")).as("the open connection to a runs on").isEqualTo("a:xyz");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void freeBindListensOnAnAddressThisHostDoesNotHave(String transport) throws Exception {
        // 192.0.2.0/24 is TEST-NET-1: never local; nothing is sent there, the listener is only bound
        BackendPool pool = new BackendPool(Services.service("192.0.2.77", 0, "rr", Services.reals(1),
                java.util.Optional.empty(), 1, java.util.Optional.empty()));
        InetSocketAddress at = proxy(transport).listen(pool);
        assertThat(at.getAddress().getHostAddress()).isEqualTo("192.0.2.77");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aBackendThatNeverAnswersTheConnectIsLeftAfterProxyConnectTimeout(String transport) throws Exception {
        Backend b = new Backend("b");
        List<Socket> filling = new ArrayList<>();
        // a listener that never accepts, its queue full: the kernel drops further SYNs, so a connect hangs
        try (ServerSocket stuck = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            boolean hangs = false;
            for (int i = 0; i < 16 && !hangs; i++) {
                Socket s = new Socket();
                filling.add(s);
                try {
                    s.connect(stuck.getLocalSocketAddress(), 300);
                } catch (java.net.SocketTimeoutException e) {
                    hangs = true;
                }
            }
            assertThat(hangs).as("the stuck listener's queue filled up").isTrue();
            io.tandem.config.VirtualServer vs = new io.tandem.config.VirtualServer("127.0.0.1", 0, Duration.ofSeconds(1), "rr",
                    "NAT", "TCP", java.util.Optional.empty(), 1, java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), List.of(Services.real("127.0.0.1", stuck.getLocalPort(), 1),
                    Services.real("127.0.0.1", b.port(), 1)), java.util.Optional.of(Duration.ofMillis(300)),
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), Services.AT);
            BackendPool pool = new BackendPool(vs);
            InetSocketAddress at = proxy(transport).listen(pool);
            long start = System.nanoTime();
            assertThat(exchange(at, "q")).isEqualTo("b:q"); // rr: the stuck one first, then b
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("proxy_connect_timeout 300 ms: answered by the second backend after " + took.toMillis() + " ms");
            assertThat(took).as("left after 300 ms, not after the 2 s default").isLessThan(io.tandem.config.VirtualServer.DEFAULT_PROXY_CONNECT_TIMEOUT);
            assertThat(pool.status().getFirst().total()).as("the timed-out connect is not counted").isZero();
        } finally {
            for (Socket s : filling) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void anUpdateKeepsTheListenerAndOpenConnectionsAndUnlistenClosesOnlyTheListener(String transport) throws Exception {
        Backend a = new Backend("a");
        Backend b = new Backend("b");
        BackendPool pool = new BackendPool(Services.service("rr", List.of(Services.real("127.0.0.1", a.port(), 1))));
        ProxyServer proxy = proxy(transport);
        InetSocketAddress at = proxy.listen(pool);
        try (Socket held = new Socket()) {
            held.connect(at, 2000);
            held.setSoTimeout(5000);
            held.getOutputStream().write('x');
            // relayed: the proxy has taken the connect's completion (a's accept alone does not say
            // so, and a real server removed before that would drop the connection)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((proxy.status().getFirst().backends().getFirst().bytesIn() < 1 || a.open.isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(a.open).hasSize(1);
            BackendPool.Update u = proxy.update(pool, Services.service("rr", List.of(Services.real("127.0.0.1", b.port(), 1))));
            assertThat(u.removed()).extracting(r -> r.port()).containsExactly(a.port());
            assertThat(exchange(at, "new")).as("same listener, new real server").isEqualTo("b:new");
            held.getOutputStream().write("yz".getBytes(StandardCharsets.US_ASCII));
            held.shutdownOutput();
            assertThat(new String(held.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .as("the connection to the removed real server ran on").isEqualTo("a:xyz");
        }
        proxy.unlisten(pool);
        assertThat(proxy.status()).isEmpty();
        // NIO closes a listening socket registered with a selector at the loop's next select: poll briefly
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(at, 2000);
                Thread.sleep(20);
            } catch (java.net.ConnectException e) {
                refused = true;
            }
        }
        assertThat(refused).as("nothing listens any more").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aVirtualServerServesWhileListeningWithSomewhereToSendAConnection(String transport) throws Exception {
        Backend a = new Backend("a");
        BackendPool pool = new BackendPool(Services.service("rr", List.of(Services.real("127.0.0.1", a.port(), 1))));
        ProxyServer proxy = proxy(transport);
        proxy.listen(pool);
        assertThat(proxy.problem(pool, Duration.ofSeconds(1))).isEmpty();
        proxy.report(pool, 0, 0, Health.down("refused"));
        assertThat(proxy.problem(pool, Duration.ofSeconds(1))).hasValueSatisfying(p -> assertThat(p).startsWith("no real server can take"));
        proxy.report(pool, 0, 0, Health.up("ok"));
        assertThat(proxy.problem(pool, Duration.ofSeconds(1))).isEmpty();
        proxy.unlisten(pool);
        assertThat(proxy.problem(pool, Duration.ofSeconds(1))).contains("not listening");
    }

    /** LISTEN sockets on {@code port} in this network namespace, from one of the kernel's tables. */
    private static long listenersOn(String table, int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(table));
        return lines.subList(1, lines.size()).stream() // the first line is the header
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(hexPort) && f[3].equals("0A")) // 0A: TCP_LISTEN
                .count();
    }

    @org.junit.jupiter.api.Test
    void anIpv4VirtualServerListensOnAnIpv4SocketUnderEpoll() throws Exception {
        Backend a = new Backend("a");
        BackendPool pool = new BackendPool(Services.service("rr", List.of(Services.real("127.0.0.1", a.port(), 1))));
        InetSocketAddress at = proxy("epoll").listen(pool);
        assertThat(listenersOn("/proc/net/tcp", at.getPort())).as("AF_INET listener").isEqualTo(1);
        assertThat(listenersOn("/proc/net/tcp6", at.getPort())).as("no dual-stack AF_INET6 listener").isZero();
        assertThat(exchange(at, "q")).isEqualTo("a:q");
    }

    @org.junit.jupiter.api.Test
    void aPrivilegedPortRefusedForWantOfTheCapabilitySaysWhichCapability() throws Exception {
        io.netty.channel.epoll.Epoll.ensureAvailability(); // Netty's error texts come from its native library
        IOException netty = io.netty.channel.unix.Errors.newIOException("bind", -13); // EACCES, as Netty reports it
        IOException nio = new java.net.BindException("Permission denied"); // as the JDK reports it

        assertThat(ProxyServer.privilegedPortHint(80, netty)).contains("CAP_NET_BIND_SERVICE");
        assertThat(ProxyServer.privilegedPortHint(80, nio)).contains("CAP_NET_BIND_SERVICE");
        assertThat(ProxyServer.privilegedPortHint(3306, netty)).as("an unprivileged port: something else").isEmpty();
        assertThat(ProxyServer.privilegedPortHint(80, io.netty.channel.unix.Errors.newIOException("bind", -98)))
                .as("EADDRINUSE is not about the capability").isEmpty();
    }

    /** Sends {@code request}, half-closes, and returns every byte the proxy sent back (ISO-8859-1: one char per byte). */
    private static String exchangeBytes(Socket s, String request) throws IOException {
        s.setSoTimeout(5000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.shutdownOutput();
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void proxyProtocolV1PutsTheClientsAddressInALineBeforeItsBytes(String transport) throws Exception {
        Backend a = new Backend("a");
        BackendPool pool = new BackendPool(Services.withProxyProtocol(
                Services.service("rr", List.of(Services.real("127.0.0.1", a.port(), 1))), VirtualServer.ProxyProtocol.V1));
        InetSocketAddress at = proxy(transport).listen(pool);
        try (Socket s = new Socket()) {
            s.connect(at, 2000);
            // the PROXY protocol spec's v1 line: PROXY TCP4 <src> <dst> <srcport> <dstport>\r\n
            assertThat(exchangeBytes(s, "q")).isEqualTo("a:PROXY TCP4 127.0.0.1 127.0.0.1 " + s.getLocalPort() + " " + at.getPort() + "\r\nq");
        }
        assertThat(exchange(at, "plain")).as("each connection gets its own header").startsWith("a:PROXY TCP4 127.0.0.1 ").endsWith("\r\nplain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void proxyProtocolV2PutsTheClientsAddressInABinaryBlockBeforeItsBytes(String transport) throws Exception {
        // a backend that sends back every byte it read, unchanged (Backend above speaks ASCII)
        ServerSocket raw = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        cleanup.add(raw);
        Thread.ofVirtual().start(() -> {
            try (Socket c = raw.accept()) {
                byte[] all = c.getInputStream().readAllBytes();
                c.getOutputStream().write("a:".getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().write(all);
            } catch (IOException e) {
                // the test closed it
            }
        });
        BackendPool pool = new BackendPool(Services.withProxyProtocol(
                Services.service("rr", List.of(Services.real("127.0.0.1", raw.getLocalPort(), 1))), VirtualServer.ProxyProtocol.V2));
        InetSocketAddress at = proxy(transport).listen(pool);
        try (Socket s = new Socket()) {
            s.connect(at, 2000);
            // the spec's v2 block, byte by byte: signature, version 2 + PROXY, TCP over IPv4, length 12,
            // source and destination address, source and destination port, then the client's bytes
            java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
            want.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
            want.writeBytes(new byte[] {0x21, 0x11, 0x00, 0x0C, 127, 0, 0, 1, 127, 0, 0, 1});
            want.writeBytes(new byte[] {(byte) (s.getLocalPort() >> 8), (byte) s.getLocalPort(), (byte) (at.getPort() >> 8), (byte) at.getPort()});
            want.writeBytes("q".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(exchangeBytes(s, "q")).isEqualTo("a:" + want.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
