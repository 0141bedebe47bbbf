package io.tandem.proxy;

import io.tandem.config.Checker;
import io.tandem.config.MysqlCheck;
import io.tandem.config.SourceLocation;
import io.tandem.config.TcpCheck;
import io.tandem.config.VirtualServer;
import io.tandem.config.VirtualServer.RealServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Virtual servers for tests, built as the config reader would. */
final class Services {
    static final SourceLocation AT = new SourceLocation("test.conf", 1);

    private Services() {}

    static RealServer real(String address, int port, int weight) {
        return real(address, port, weight, false, 0, 0, List.of(tcpCheck()));
    }

    static RealServer real(String address, int port, int weight, boolean inhibit, int upper, int lower, List<Checker> checkers) {
        return new RealServer(address, port, weight, inhibit, upper, lower, Optional.empty(), Optional.empty(), checkers, AT);
    }

    static TcpCheck tcpCheck() {
        return new TcpCheck(Optional.empty(), Optional.empty(), Duration.ofSeconds(1), 0, Duration.ZERO, AT);
    }

    static MysqlCheck lagCheck(long maxLagSeconds) {
        return new MysqlCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("u"), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(1), MysqlCheck.Expect.ANY, true, Optional.of(Duration.ofSeconds(maxLagSeconds)),
                0, Duration.ZERO, AT);
    }

    static VirtualServer service(String algo, List<RealServer> reals) {
        return service("127.0.0.1", 0, algo, reals, Optional.empty(), 1, Optional.empty());
    }

    static VirtualServer service(String address, int port, String algo, List<RealServer> reals,
                                 Optional<VirtualServer.Endpoint> sorry, int quorum, Optional<Duration> persistence) {
        return new VirtualServer(address, port, Duration.ofSeconds(1), algo, "NAT", "TCP", persistence, quorum,
                Optional.empty(), Optional.empty(), sorry, reals, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), AT);
    }

    /** {@code vs} with {@code proxy_protocol p}. */
    static VirtualServer withProxyProtocol(VirtualServer vs, VirtualServer.ProxyProtocol p) {
        return new VirtualServer(vs.address(), vs.port(), vs.delayLoop(), vs.lbAlgo(), vs.lbKind(), vs.protocol(),
                vs.persistenceTimeout(), vs.quorum(), vs.quorumUp(), vs.quorumDown(), vs.sorryServer(), vs.realServers(),
                vs.proxyConnectTimeout(), Optional.of(p), vs.proxyQueueTimeout(), vs.smtpAlert(), vs.at());
    }

    /** {@code vs} with {@code proxy_queue_timeout t}. */
    static VirtualServer withQueueTimeout(VirtualServer vs, Duration t) {
        return new VirtualServer(vs.address(), vs.port(), vs.delayLoop(), vs.lbAlgo(), vs.lbKind(), vs.protocol(),
                vs.persistenceTimeout(), vs.quorum(), vs.quorumUp(), vs.quorumDown(), vs.sorryServer(), vs.realServers(),
                vs.proxyConnectTimeout(), vs.proxyProtocol(), Optional.of(t), vs.smtpAlert(), vs.at());
    }

    static List<RealServer> reals(int... weights) {
        return java.util.stream.IntStream.range(0, weights.length)
                .mapToObj(i -> real("10.0.0." + (i + 1), 3306, weights[i])).toList();
    }
}
