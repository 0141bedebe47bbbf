package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import io.tandem.status.JsonReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem drain} and {@code tandem ready} against a running daemon, through the real CLI and
 * control socket: a virtual server over three real TCP servers ({@link NamedServers}: every
 * connection says where it landed), a client connection held through the
 * proxy to the backend that gets drained; after the drain new connections all land on the other
 * two, the held one still carries data both ways, status (text, JSON, /metrics that promtool
 * accepts) says drain, a SIGHUP that changes the drained server's checker keeps the drain, an
 * unknown backend is refused with exit 2, and {@code ready} brings the backend back.
 */
class BalancerDrainIT extends NamedServersLabTest {
    /**
     * One connection to HOST:PORT made from inside the client's namespace, relayed to whoever
     * connects to a unix socket (the test): the test holds a real client connection through the proxy.
     */
    private static final String BRIDGE = """
            import os, socket, sys, threading
            path, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
            u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            u.bind(path)
            u.listen(1)
            print("bridge listening", flush=True)
            a, _ = u.accept()
            t = socket.create_connection((host, port), timeout=5)
            t.settimeout(None)
            def pump(src, dst):
                try:
                    while True:
                        b = src.recv(65536)
                        if not b:
                            break
                        dst.sendall(b)
                finally:
                    try:
                        dst.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
            threading.Thread(target=pump, args=(t, a), daemon=True).start()
            pump(a, t)
            print("bridge done", flush=True)
            """;

    private static final String PYTHON = NamedServers.PYTHON;

    private SocketChannel held;

    @AfterEach
    void closeHeld() throws IOException {
        if (held != null) {
            held.close();
        }
    }

    private static String conf(String vip, List<String> reals, String drainedTimeout, String drained) {
        StringBuilder rs = new StringBuilder();
        for (String a : reals) {
            rs.append("""
                        real_server %s 3306 {
                            TCP_CHECK {
                                connect_timeout %s
                            }
                        }
                    """.formatted(a, a.equals(drained) ? drainedTimeout : "1"));
        }
        return """
                virtual_server %s 3306 {
                    delay_loop 0.5
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s}
                """.formatted(vip, rs);
    }

    private CommandResult cli(Host lb, String... args) {
        List<String> argv = new ArrayList<>(List.of(VrrpLab.TANDEM.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-p", lb.dir().resolve("tandem.pid").toString()));
        return lb.exec(Duration.ofSeconds(30), argv.toArray(String[]::new));
    }

    /** Sends one line through the held connection and reads the answer line (bounded by the socket's close or 10 s). */
    private String roundTrip(String line) throws Exception {
        held.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        return readLine();
    }

    private String readLine() throws Exception {
        StringBuilder b = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            one.clear();
            int n = held.read(one);
            if (n < 0) {
                return "closed after \"" + b + "\"";
            }
            if (n == 1) {
                char c = (char) one.get(0);
                if (c == '\n') {
                    return b.toString();
                }
                b.append(c);
            }
        }
        return "no line within 10 s after \"" + b + "\"";
    }

    @Test
    void drainKeepsTheHeldConnectionSendsNewOnesElsewhereAndReadyBringsTheBackendBack() throws Exception {
        Map<String, Host> backends = new LinkedHashMap<>();
        for (String name : List.of("r1", "r2", "r3")) {
            backends.put(name, lab.addHost(name));
        }
        Host lb = lab.addHost("lb");
        Host client = lab.addHost("client");
        NamedServers servers = new NamedServers(lab);
        Path bridge = lab.dir().resolve("bridge.py");
        Files.writeString(bridge, BRIDGE);
        Map<String, String> addressOf = new LinkedHashMap<>();
        for (var e : backends.entrySet()) {
            servers.start(e.getValue(), e.getKey(), 3306);
            addressOf.put(e.getKey(), e.getValue().address().getHostAddress());
        }
        List<String> reals = List.copyOf(addressOf.values());
        String vip = lb.address().getHostAddress();
        Path file = lb.dir().resolve("tandem.conf");
        Files.writeString(file, conf(vip, reals, "1", ""));
        LabProcess t = lb.spawn("tandem", VrrpLab.TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString(),
                "-p", lb.dir().resolve("tandem.pid").toString(), "--http", "127.0.0.1:9190");
        tandem = t;
        t.awaitLog("virtual_server " + vip + ":3306: listening", WAIT);
        await(() -> servers.landings(client, vip, 3306, 6).containsAll(backends.keySet()), () -> t.tail(20));

        // a connection held through the proxy: the backend it lands on is the one drained
        Path socket = client.dir().resolve("held.sock");
        LabProcess relay = client.spawn("bridge", PYTHON, bridge.toString(), socket.toString(), vip, "3306");
        relay.awaitLog("bridge listening", WAIT);
        held = SocketChannel.open(StandardProtocolFamily.UNIX);
        held.connect(UnixDomainSocketAddress.of(socket));
        String x = readLine();
        assertThat(backends).as("the held connection's greeting names a backend").containsKey(x);
        assertThat(roundTrip("ping 1")).isEqualTo(x + " ping 1");
        String xa = addressOf.get(x);
        String xs = xa + ":3306";
        String line = "real_server " + xs + " ";
        // the short connections above are released as they close: wait until the held one is X's only one
        await(() -> cli(lb, "status").stdout().contains(line + "up, weight 1, active 1,"), () -> cli(lb, "status").stdout());

        CommandResult drain = cli(lb, "drain", xs);
        System.out.println("--- tandem drain " + xs + " ---\n" + drain.stdout() + drain.stderr());
        assertThat(drain.exitCode()).as(drain.stderr()).isZero();
        assertThat(drain.stdout()).contains("drained " + xs + " in virtual_server " + vip + ":3306 (1 active connection will finish; 0 new)")
                .contains("until 'tandem ready'");
        t.awaitLogContains("virtual_server " + vip + ":3306: real_server " + xs + " drained by an operator (1 active connection(s) finish");

        List<String> after = servers.landings(client, vip, 3306, 12);
        List<String> others = backends.keySet().stream().filter(n -> !n.equals(x)).toList();
        assertThat(after).as("new connections after the drain").hasSize(12).doesNotContain(x).containsOnly(others.toArray(String[]::new));
        assertThat(after).as("rr over the two others").containsAll(others);
        assertThat(roundTrip("ping 2")).as("the held connection still works").isEqualTo(x + " ping 2");

        String status = cli(lb, "status").stdout();
        System.out.println("--- tandem status while drained ---\n" + status);
        assertThat(status).contains(line + "drain, weight 1, active 1,");
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(cli(lb, "status", "--json").stdout());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bs = (List<Map<String, Object>>) ((List<Map<String, Object>>) doc.get("virtual_servers"))
                .getFirst().get("backends");
        assertThat(bs).filteredOn(b -> b.get("address").equals(xa)).singleElement()
                .satisfies(b -> assertThat(b).containsEntry("state", "drain").containsEntry("drained", true).containsEntry("active", 1L));
        assertThat(bs).filteredOn(b -> !b.get("address").equals(xa)).allSatisfy(b -> assertThat(b).containsEntry("drained", false));
        String metrics = lb.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9190/metrics").stdout();
        assertThat(metrics.lines().filter(l -> l.startsWith("tandem_backend_drained{") && l.contains("backend=\"" + xs + "\"")))
                .singleElement().satisfies(l -> assertThat(l).contains("virtual_server=\"" + vip + ":3306\"").endsWith("} 1.0"));
        assertThat(metrics.lines().filter(l -> l.startsWith("tandem_backend_drained{") && l.endsWith(" 0.0"))).hasSize(2);
        StatusHttpTest.promtoolAccepts(metrics);

        CommandResult again = cli(lb, "drain", xs);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains(xs + " in virtual_server " + vip + ":3306 was already drained (1 active connection)");

        // SIGHUP with X's checker changed (its checkers restart): the drain stays
        Files.writeString(file, conf(vip, reals, "2", xa));
        t.signal(Signal.HUP);
        t.awaitLog("virtual_server " + vip + ":3306: changed settings applied in place (0 real server(s) added, 1 changed, 0 removed;", WAIT);
        assertThat(cli(lb, "status").stdout()).contains(line + "drain, weight 1, active 1,");
        assertThat(servers.landings(client, vip, 3306, 6)).as("after the reload").hasSize(6).doesNotContain(x);

        CommandResult unknown = cli(lb, "drain", "10.9.9.9:1");
        System.out.println("--- tandem drain 10.9.9.9:1 ---\n" + unknown.stdout() + unknown.stderr());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("error: no real_server 10.9.9.9:1 in any virtual_server; real servers: ")
                .contains(xs + " (virtual_server " + vip + ":3306)");
        CommandResult noVs = cli(lb, "drain", xs, "--vs", "10.9.9.9:3306");
        assertThat(noVs.exitCode()).isEqualTo(2);
        assertThat(noVs.stderr()).contains("error: no virtual_server 10.9.9.9:3306; configured: " + vip + ":3306");

        CommandResult ready = cli(lb, "ready", xa, "--vs", vip + ":3306"); // the address alone: it has one port
        System.out.println("--- tandem ready " + xa + " ---\n" + ready.stdout() + ready.stderr());
        assertThat(ready.exitCode()).as(ready.stderr()).isZero();
        assertThat(ready.stdout()).contains("ready " + xs + " in virtual_server " + vip + ":3306: takes new connections again");
        t.awaitLogContains("virtual_server " + vip + ":3306: real_server " + xs + " ready again by an operator");
        assertThat(servers.landings(client, vip, 3306, 6)).as("after ready, rr reaches X again").contains(x);
        await(() -> cli(lb, "status").stdout().contains(line + "up, weight 1, active 1,"), () -> cli(lb, "status").stdout());
        assertThat(roundTrip("ping 3")).isEqualTo(x + " ping 3");

        held.close();
        held = null;
        assertThat(relay.waitFor(Duration.ofSeconds(10))).as("the relay ends with the held connection").isTrue();
        assertThat(t.logText()).doesNotContain(" ERROR ");
    }
}
