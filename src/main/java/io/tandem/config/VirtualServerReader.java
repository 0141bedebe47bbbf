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
            "sh-fallback", "mh-port", "mh-fallback", "persistence_engine", "persistence_granularity", "retry",
            "delay_before_retry", "warmup", "inhibit_on_failure", "smtp_alert", "sorry_server_inhibit",
            "sorry_server_lvs_method", "ip_family", "lvs_sync_daemon", "connect_timeout", "quorum_up_script");
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
        List<VirtualServer.RealServer> reals = new ArrayList<>();
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
                case "real_server" -> realServer(n).ifPresent(reals::add);
                default -> {
                    if (IGNORED.contains(n.keyword())) {
                        args.ignored(n, where);
                    } else {
                        args.unknown(n, where);
                    }
                }
            }
        }
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
                persistence, quorum, quorumUp, quorumDown, sorry, reals, block.at()));
    }

    private Optional<VirtualServer.RealServer> realServer(Node block) {
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
        List<Checker> checkers = new ArrayList<>();
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "weight" -> weight = ConfigReader.orElse(args.integer(n, 0, 65535), weight);
                case "inhibit_on_failure" -> inhibit = args.flag(n);
                case "uthreshold" -> upper = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), upper);
                case "lthreshold" -> lower = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), lower);
                case "notify_up" -> notifyUp = notifyUp.isPresent() ? alreadySpecified(n, notifyUp) : command(n);
                case "notify_down" -> notifyDown = notifyDown.isPresent() ? alreadySpecified(n, notifyDown) : command(n);
                case "TCP_CHECK" -> tcpCheck(n).ifPresent(checkers::add);
                case "MISC_CHECK" -> miscCheck(n).ifPresent(checkers::add);
                case "MYSQL_CHECK" -> new MysqlCheckReader(args)
                        .read(n, Optional.of(address.getHostAddress()), Optional.of(port)).ifPresent(checkers::add);
                default -> {
                    if (UNSUPPORTED_CHECKERS.contains(n.keyword())) {
                        args.diagnostics().warning(n.at(), n.keyword() + " is not supported by tandem; this checker is ignored");
                    } else if (Set.of("smtp_alert", "delay_before_retry", "retry", "warmup",
                            "connect_timeout", "delay_loop", "alpha", "virtualhost").contains(n.keyword())) {
                        args.ignored(n, where);
                    } else {
                        args.unknown(n, where);
                    }
                }
            }
        }
        return Optional.of(new VirtualServer.RealServer(address.getHostAddress(), port, weight, inhibit, upper, lower, notifyUp,
                notifyDown, checkers, block.at()));
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

    private Optional<Checker> tcpCheck(Node block) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        Optional<String> ip = Optional.empty();
        Optional<Integer> port = Optional.empty();
        Duration timeout = TcpCheck.DEFAULT_CONNECT_TIMEOUT;
        int retry = TcpCheck.DEFAULT_RETRY;
        Duration delay = TcpCheck.DEFAULT_DELAY_BEFORE_RETRY;
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "connect_ip" -> ip = Optional.ofNullable(args.one(n)).map(v -> args.ipv4(v, n)).map(Inet4Address::getHostAddress);
                case "connect_port" -> port = Optional.ofNullable(args.one(n)).map(v -> args.port(v, n));
                case "connect_timeout" -> timeout = ConfigReader.orElse(args.seconds(n, Duration.ofMillis(1), MAX), timeout);
                case "retry" -> retry = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), retry);
                case "nb_get_retry" -> {
                    // keepalived 2.x removed it from TCP_CHECK (unknown keyword there, exit 5); old configs still have it.
                    args.diagnostics().warning(n.at(), "'nb_get_retry' is not a TCP_CHECK keyword since keepalived 2.0; use 'retry'."
                            + " Taken as retry");
                    retry = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), retry);
                }
                case "delay_before_retry" -> delay = ConfigReader.orElse(args.seconds(n, Duration.ZERO, MAX), delay);
                case "bindto", "bind_port", "bind_if", "fwmark", "warmup", "delay_loop", "alpha", "log_all_failures" ->
                        args.ignored(n, "TCP_CHECK");
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
                case "warmup", "delay_loop", "retry", "delay_before_retry", "alpha", "log_all_failures" ->
                        args.ignored(n, "MISC_CHECK");
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
