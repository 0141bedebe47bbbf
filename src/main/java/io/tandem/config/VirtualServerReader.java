package io.tandem.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code virtual_server} blocks, their {@code real_server}s and the checkers inside. */
final class VirtualServerReader {
    static final Set<String> LB_ALGOS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "sh", "dh", "sed", "nq", "fo", "ovf", "mh");
    static final Set<String> LB_KINDS = Set.of("NAT", "DR", "TUN");
    private static final Set<String> IGNORED = Set.of(
            "hysteresis", "alpha", "omega", "ha_suspend", "virtualhost", "ops", "one_packet_scheduling", "sh-port",
            "sh-fallback", "mh-port", "mh-fallback", "persistence_engine", "persistence_granularity",
            "inhibit_on_failure", "sorry_server_inhibit", "sorry_server_lvs_method", "ip_family", "lvs_sync_daemon",
            "quorum_up_script");
    private static final Set<String> UNSUPPORTED_CHECKERS = Set.of(
            "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "BFD_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK");
    private static final Duration MAX = Duration.ofSeconds(Integer.MAX_VALUE / 1000);

    private final Args args;

    VirtualServerReader(Args args) {
        this.args = args;
    }

    Optional<VirtualServer> read(Node block) {
        Diagnostics d = args.diagnostics();
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        if (!block.args().isEmpty() && (block.arg(0).equals("fwmark") || block.arg(0).equals("group"))) {
            d.error(block.at(), "virtual_server " + block.arg(0) + " is not supported by tandem (IPVS only); ignored");
            return Optional.empty();
        }
        if (block.args().size() != 2) {
            d.error(block.at(), "virtual_server needs ADDRESS PORT");
            return Optional.empty();
        }
        Inet4Address address = args.ipv4(block.arg(0), block);
        Integer port = args.port(block.arg(1), block);
        if (address == null || port == null) {
            return Optional.empty();
        }
        String where = "virtual_server " + block.arg(0) + " " + block.arg(1);
        Duration delayLoop = VirtualServer.DEFAULT_DELAY_LOOP;
        String lbAlgo = "wlc";
        String lbKind = "NAT";
        String protocol = "TCP";
        Optional<Duration> persistence = Optional.empty();
        int quorum = 1;
        Optional<String> quorumUp = Optional.empty();
        Optional<String> quorumDown = Optional.empty();
        Optional<VirtualServer.Endpoint> sorry = Optional.empty();
        List<Node> realNodes = new ArrayList<>();
        TimingSpec timing = TimingSpec.NONE;
        Optional<Boolean> smtpAlert = Optional.empty();
        Optional<Duration> proxyConnectTimeout = Optional.empty();
        Optional<VirtualServer.ProxyProtocol> proxyProtocol = Optional.empty();
        Optional<Duration> proxyQueueTimeout = Optional.empty();
        boolean protocolSet = false;
        boolean algoSet = false;
        boolean kindSet = false;
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "delay_loop" -> delayLoop = ConfigReader.orElse(args.seconds(n, Duration.ofMillis(1), MAX), delayLoop);
                case "lb_algo", "lvs_sched" -> {
                    algoSet = true;
                    String v = args.one(n);
                    if (v != null && LB_ALGOS.contains(v)) {
                        lbAlgo = v;
                    } else if (v != null) {
                        d.error(n.at(), "'" + n.keyword() + "': unknown scheduler '" + v + "'; using " + lbAlgo);
                    }
                }
                case "lb_kind", "lvs_method" -> {
                    kindSet = true;
                    String v = args.one(n);
                    if (v != null && LB_KINDS.contains(v)) { // case-sensitive, as in keepalived: 'dr' is unknown there
                        lbKind = v;
                    } else if (v != null) {
                        d.error(n.at(), "'" + n.keyword() + "': unknown forwarding method '" + v + "' (NAT, DR, TUN)");
                    }
                    // keepalived reads the words after the method as tunnel options: an error unless it is TUN
                    if (v != null && n.args().size() > 1 && !lbKind.equals("TUN")) {
                        d.error(n.at(), "'" + n.keyword() + " " + v + "' takes no options; '"
                                + String.join(" ", n.args().subList(1, n.args().size())) + "' ignored");
                    }
                }
                case "protocol" -> {
                    protocolSet = true;
                    String v = args.one(n);
                    if (v != null && v.equalsIgnoreCase("TCP")) {
                        protocol = "TCP";
                    } else if (v != null) {
                        d.error(n.at(), "'protocol " + v + "' is not supported by tandem; only TCP");
                    }
                }
                case "persistence_timeout" -> persistence = Optional.ofNullable(args.seconds(n, Duration.ofSeconds(1), MAX));
                case "quorum" -> quorum = ConfigReader.orElse(args.integer(n, 1, Integer.MAX_VALUE), quorum);
                case "quorum_up" -> quorumUp = Optional.ofNullable(args.rest(n));
                case "quorum_down" -> quorumDown = Optional.ofNullable(args.rest(n));
                case "sorry_server" -> sorry = n.args().size() == 1 // keepalived: the port is optional, the service's then
                        ? Optional.ofNullable(args.ipv4(n.arg(0), n)).map(a -> new VirtualServer.Endpoint(a.getHostAddress(), port))
                        : args.endpoint(n);
                case "real_server" -> realNodes.add(n); // read after the block: they inherit its timing keywords
                case "smtp_alert" -> smtpAlert = Optional.ofNullable(args.optionalFlag(n));
                case "proxy_connect_timeout" -> proxyConnectTimeout = Optional.ofNullable(args.seconds(n, Duration.ofMillis(1), MAX));
                case "proxy_queue_timeout" -> proxyQueueTimeout = Optional.ofNullable(args.seconds(n, Duration.ZERO, MAX));
                case "proxy_protocol" -> {
                    String v = args.one(n);
                    proxyProtocol = VirtualServer.ProxyProtocol.of(v);
                    if (v != null && proxyProtocol.isEmpty()) {
                        d.error(n.at(), "'proxy_protocol " + v + "': expected v1 or v2; no PROXY header is sent");
                    }
                }
                case "alpha" -> timing = timing.withAlpha(true); // keepalived: virtual_server alpha takes no argument
                default -> {
                    TimingSpec t = timingKeyword(n, timing, 1);
                    if (t != null) {
                        timing = t;
                    } else if (IGNORED.contains(n.keyword())) {
                        args.ignored(n, where);
                    } else {
                        args.unknown(n, where);
                    }
                }
            }
        }
        List<VirtualServer.RealServer> reals = new ArrayList<>();
        TimingSpec serviceTiming = timing;
        Duration serviceLoop = delayLoop;
        realNodes.forEach(n -> realServer(n, serviceTiming, serviceLoop).ifPresent(reals::add));
        if (reals.isEmpty()) {
            d.error(block.at(), where + " has no real servers; ignored");
            return Optional.empty();
        }
        // keepalived 2.2.7 fills these in with a config error each (check_data.c), so -t exits 5
        if (!protocolSet) {
            d.error(block.at(), where + ": no protocol set (keepalived then uses UDP); using TCP, the only one tandem serves");
        }
        if (!algoSet) {
            d.error(block.at(), where + ": no scheduler set (lb_algo); using " + lbAlgo);
        }
        if (!kindSet) {
            d.error(block.at(), where + ": no forwarding method set (lb_kind); using " + lbKind);
        }
        return Optional.of(new VirtualServer(address.getHostAddress(), port, delayLoop, lbAlgo, lbKind, protocol,
                persistence, quorum, quorumUp, quorumDown, sorry, reals, proxyConnectTimeout, proxyProtocol, proxyQueueTimeout, smtpAlert,
                block.at()));
    }

    /**
     * A timing keyword keepalived accepts on virtual servers, real servers and checkers (retry,
     * delay_before_retry, warmup, delay_loop, alpha, connect_timeout), applied to {@code s}; null
     * for any other keyword. {@code minRetry}: keepalived takes retry 0 only on checkers.
     */
    private TimingSpec timingKeyword(Node n, TimingSpec s, int minRetry) {
        return switch (n.keyword()) {
            case "retry" -> Optional.ofNullable(args.integer(n, minRetry, Integer.MAX_VALUE)).map(s::withRetry).orElse(s);
            case "delay_before_retry" -> Optional.ofNullable(args.seconds(n, Duration.ZERO, MAX)).map(s::withDelayBeforeRetry).orElse(s);
            case "warmup" -> Optional.ofNullable(args.seconds(n, Duration.ZERO, MAX)).map(s::withWarmup).orElse(s);
            case "delay_loop" -> Optional.ofNullable(args.seconds(n, Duration.ofMillis(1), MAX)).map(s::withDelayLoop).orElse(s);
            case "connect_timeout" -> Optional.ofNullable(args.seconds(n, Duration.ofMillis(1), MAX)).map(s::withConnectTimeout).orElse(s);
            case "alpha" -> s.withAlpha(args.flag(n));
            default -> null;
        };
    }

    private Optional<VirtualServer.RealServer> realServer(Node block, TimingSpec serviceTiming, Duration serviceLoop) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        if (block.args().size() != 2) {
            args.diagnostics().error(block.at(), "real_server needs ADDRESS PORT");
            return Optional.empty();
        }
        Inet4Address address = args.ipv4(block.arg(0), block);
        Integer port = args.port(block.arg(1), block);
        if (address == null || port == null) {
            return Optional.empty();
        }
        String where = "real_server " + block.arg(0) + " " + block.arg(1);
        int weight = 1;
        boolean inhibit = false;
        int upper = 0;
        int lower = 0;
        Optional<String> notifyUp = Optional.empty();
        Optional<String> notifyDown = Optional.empty();
        List<Node> checkerNodes = new ArrayList<>();
        TimingSpec timing = TimingSpec.NONE;
        Optional<Boolean> smtpAlert = Optional.empty();
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "weight" -> weight = ConfigReader.orElse(args.integer(n, 0, 65535), weight);
                case "inhibit_on_failure" -> inhibit = args.flag(n);
                case "uthreshold" -> upper = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), upper);
                case "lthreshold" -> lower = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), lower);
                case "notify_up" -> notifyUp = notifyUp.isPresent() ? alreadySpecified(n, notifyUp) : command(n);
                case "notify_down" -> notifyDown = notifyDown.isPresent() ? alreadySpecified(n, notifyDown) : command(n);
                case "TCP_CHECK", "MISC_CHECK", "MYSQL_CHECK" -> checkerNodes.add(n);
                case "smtp_alert" -> smtpAlert = Optional.ofNullable(args.optionalFlag(n));
                default -> {
                    TimingSpec t = timingKeyword(n, timing, 1);
                    if (t != null) {
                        timing = t;
                    } else if (UNSUPPORTED_CHECKERS.contains(n.keyword())) {
                        args.diagnostics().warning(n.at(), n.keyword() + " is not supported by tandem; this checker is ignored");
                    } else if (n.keyword().equals("virtualhost")) {
                        args.ignored(n, where);
                    } else {
                        args.unknown(n, where);
                    }
                }
            }
        }
        TimingSpec serverTiming = timing.over(serviceTiming);
        List<Checker> checkers = new ArrayList<>();
        List<CheckerTiming> timings = new ArrayList<>();
        for (Node n : checkerNodes) {
            TimingSpec own = TimingSpec.NONE;
            boolean logAllFailures = false;
            for (Node k : n.children()) {
                if (k.keyword().equals("log_all_failures")) {
                    // keepalived (check_api.c): optional true/false; a bad value is an error that leaves it as it was
                    logAllFailures = ConfigReader.orElse(args.optionalFlag(k), logAllFailures);
                } else if (TIMING_IN_CHECKER.contains(k.keyword())) {
                    own = ConfigReader.orElse(timingKeyword(k, own, 0), own);
                } else if (k.keyword().equals("nb_get_retry") && n.keyword().equals("TCP_CHECK")) {
                    Integer r = args.integer(k, 0, Integer.MAX_VALUE);
                    own = r == null ? own : own.withRetry(r);
                }
            }
            TimingSpec spec = own.over(serverTiming);
            Optional<? extends Checker> c = switch (n.keyword()) {
                case "TCP_CHECK" -> tcpCheck(n, spec);
                case "MISC_CHECK" -> miscCheck(n);
                default -> new MysqlCheckReader(args).readInRealServer(n, address.getHostAddress(), port, spec);
            };
            if (c.isPresent()) {
                checkers.add(c.get());
                timings.add(spec.resolve(n.keyword().equals("MISC_CHECK") ? 0 : CheckerTiming.DEFAULT_RETRY, serviceLoop)
                        .withLogAllFailures(logAllFailures));
            }
        }
        return Optional.of(new VirtualServer.RealServer(address.getHostAddress(), port, weight, inhibit, upper, lower, notifyUp,
                notifyDown, checkers, timings, smtpAlert, block.at()));
    }

    /** keepalived keeps the first notify_up/notify_down and counts the second as a config error. */
    private Optional<String> alreadySpecified(Node n, Optional<String> first) {
        args.diagnostics().error(n.at(), "'" + n.keyword() + "' script already specified; ignoring " + String.join(" ", n.args()));
        return first;
    }

    /** A notify command: its first word (quote it to give arguments); keepalived's USER after it is not used. */
    private Optional<String> command(Node n) {
        if (n.args().isEmpty()) {
            args.diagnostics().error(n.at(), "'" + n.keyword() + "' is missing its command");
        }
        return Optional.ofNullable(n.arg(0));
    }

    /** Timing keywords a checker block may hold (connect_timeout is the checker's own keyword). */
    private static final Set<String> TIMING_IN_CHECKER = Set.of("retry", "delay_before_retry", "warmup", "delay_loop", "alpha");

    private Optional<Checker> tcpCheck(Node block, TimingSpec timing) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        Optional<String> ip = Optional.empty();
        Optional<Integer> port = Optional.empty();
        // keepalived: the checker's connect_timeout, else the real server's, else the virtual server's, else 5 s
        Duration timeout = timing.connectTimeout().orElse(TcpCheck.DEFAULT_CONNECT_TIMEOUT);
        int retry = timing.retry().orElse(TcpCheck.DEFAULT_RETRY);
        Duration delay = timing.delayBeforeRetry().orElse(TcpCheck.DEFAULT_DELAY_BEFORE_RETRY);
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "connect_ip" -> ip = Optional.ofNullable(args.one(n)).map(v -> args.ipv4(v, n)).map(Inet4Address::getHostAddress);
                case "connect_port" -> port = Optional.ofNullable(args.one(n)).map(v -> args.port(v, n));
                case "connect_timeout" -> timeout = ConfigReader.orElse(args.seconds(n, Duration.ofMillis(1), MAX), timeout);
                case "retry", "delay_before_retry" -> { } // timing, read by the real server
                // keepalived 2.x removed it from TCP_CHECK (unknown keyword there, exit 5); old configs still have it.
                case "nb_get_retry" -> args.diagnostics().warning(n.at(),
                        "'nb_get_retry' is not a TCP_CHECK keyword since keepalived 2.0; use 'retry'. Taken as retry");
                case "warmup", "delay_loop", "alpha" -> { } // timing, read by the real server
                case "log_all_failures" -> { } // read by the real server, with the timing
                case "bindto", "bind_port", "bind_if", "fwmark" -> args.ignored(n, "TCP_CHECK");
                default -> args.unknown(n, "TCP_CHECK");
            }
        }
        return Optional.of(new TcpCheck(ip, port, timeout, retry, delay, block.at()));
    }

    private Optional<Checker> miscCheck(Node block) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        String path = null;
        Optional<Duration> timeout = Optional.empty();
        boolean dynamic = false;
        Optional<String> user = Optional.empty();
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "misc_path" -> path = args.rest(n);
                case "misc_timeout" -> timeout = Optional.ofNullable(args.seconds(n, Duration.ofMillis(1), MAX));
                case "misc_dynamic" -> dynamic = args.flag(n);
                case "user" -> user = Optional.ofNullable(n.arg(0));
                case "warmup", "delay_loop", "retry", "delay_before_retry", "alpha" -> { } // timing, read by the real server
                case "log_all_failures" -> { } // read by the real server, with the timing
                default -> args.unknown(n, "MISC_CHECK");
            }
        }
        if (path == null) {
            args.diagnostics().error(block.at(), "MISC_CHECK without misc_path; ignored");
            return Optional.empty();
        }
        return Optional.of(new MiscCheck(path, timeout, dynamic, user, block.at()));
    }
}
