package io.tandem.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads Tandem's {@code MYSQL_CHECK { ... }} checker and the instance's {@code mysql { ... }} block. */
final class MysqlCheckReader {
    private static final Duration MAX = Duration.ofSeconds(Integer.MAX_VALUE / 1000);

    private final Args args;

    MysqlCheckReader(Args args) {
        this.args = args;
    }

    /** A {@code MYSQL_CHECK} block; address and port default to the real server's when it has one. */
    Optional<MysqlCheck> read(Node block, Optional<String> defaultIp, Optional<Integer> defaultPort) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        Fields f = new Fields(defaultIp, defaultPort);
        for (Node n : block.children()) {
            if (!f.accept(n)) {
                args.unknown(n, "MYSQL_CHECK");
            }
        }
        return Optional.of(f.check(block));
    }

    /**
     * A {@code MYSQL_CHECK} inside a {@code real_server}: the timing keywords (retry,
     * delay_before_retry, warmup, delay_loop, alpha) were read by the real server into
     * {@code timing}, which also gives the connect timeout when the block has none;
     * {@code log_all_failures} too, into the checker's {@link CheckerTiming}.
     */
    Optional<MysqlCheck> readInRealServer(Node block, String ip, int port, TimingSpec timing) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        Fields f = new Fields(Optional.of(ip), Optional.of(port));
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "retry", "delay_before_retry", "warmup", "delay_loop", "alpha", "log_all_failures" -> { }
                case "nb_get_retry" -> args.unknown(n, "MYSQL_CHECK");
                default -> {
                    if (!f.accept(n)) {
                        args.unknown(n, "MYSQL_CHECK");
                    }
                }
            }
        }
        if (!f.timeoutSet) {
            f.timeout = timing.connectTimeout().orElse(f.timeout);
        }
        f.retry = timing.retry().orElse(CheckerTiming.DEFAULT_RETRY);
        f.delayBeforeRetry = timing.delayBeforeRetry().orElse(CheckerTiming.DEFAULT_DELAY_BEFORE_RETRY);
        return Optional.of(f.check(block));
    }

    /**
     * The {@code mysql { ... }} block of a vrrp_instance: how to reach the local mysqld (the
     * {@code MYSQL_CHECK} keywords) plus {@code fence}, {@code kill_sessions},
     * {@code catch_up_timeout}, {@code failback_after_catch_up} and {@code peer ADDR [PORT]}.
     */
    Optional<MysqlFailover> failover(Node block) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        Fields f = new Fields(Optional.empty(), Optional.empty());
        boolean fence = true;
        boolean killSessions = true;
        Duration catchUp = MysqlFailover.DEFAULT_CATCH_UP_TIMEOUT;
        boolean failbackCatchUp = true;
        Optional<String> peer = Optional.empty();
        int peerPort = 3306;
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "fence" -> fence = args.flag(n);
                case "kill_sessions" -> killSessions = args.flag(n);
                case "catch_up_timeout" -> catchUp = ConfigReader.orElse(args.seconds(n, Duration.ZERO, MAX), catchUp);
                case "failback_after_catch_up" -> failbackCatchUp = args.flag(n);
                case "peer" -> {
                    if (n.args().isEmpty() || n.args().size() > 2) {
                        args.diagnostics().error(n.at(), "'peer' needs ADDRESS [PORT]");
                    } else {
                        Inet4Address a = args.ipv4(n.arg(0), n);
                        peer = a == null ? peer : Optional.of(a.getHostAddress());
                        if (n.args().size() == 2) {
                            peerPort = ConfigReader.orElse(args.port(n.arg(1), n), peerPort);
                        }
                    }
                }
                default -> {
                    if (!f.accept(n)) {
                        args.unknown(n, "mysql");
                    }
                }
            }
        }
        return Optional.of(new MysqlFailover(f.check(block), fence, killSessions, catchUp, failbackCatchUp, peer, peerPort,
                block.at()));
    }

    /** The connection and condition keywords shared by both blocks. */
    private final class Fields {
        Optional<String> ip;
        Optional<Integer> port;
        Optional<String> socket = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        Optional<String> passwordFile = Optional.empty();
        Duration timeout = MysqlCheck.DEFAULT_CONNECT_TIMEOUT;
        boolean timeoutSet;
        MysqlCheck.Expect expect = MysqlCheck.Expect.ANY;
        boolean replication;
        Optional<Duration> maxLag = Optional.empty();
        int retry = 0; // a vrrp_script has fall and rise; retries would only delay the verdict
        Duration delayBeforeRetry = Duration.ofSeconds(1);

        Fields(Optional<String> ip, Optional<Integer> port) {
            this.ip = ip;
            this.port = port;
        }

        boolean accept(Node n) {
            switch (n.keyword()) {
                case "connect_ip" -> {
                    String v = args.one(n);
                    Inet4Address a = v == null ? null : args.ipv4(v, n);
                    ip = a == null ? ip : Optional.of(a.getHostAddress());
                }
                case "connect_port" -> port = Optional.ofNullable(args.one(n)).map(v -> args.port(v, n)).or(() -> port);
                case "socket" -> socket = Optional.ofNullable(args.one(n));
                case "user" -> user = Optional.ofNullable(args.one(n));
                case "password" -> password = Optional.ofNullable(args.secret(n));
                case "password_file" -> passwordFile = Optional.ofNullable(args.one(n));
                case "connect_timeout" -> {
                    timeout = ConfigReader.orElse(args.seconds(n, Duration.ofMillis(1), MAX), timeout);
                    timeoutSet = true;
                }
                case "expect" -> {
                    String v = args.one(n);
                    if (v != null) {
                        switch (v.toLowerCase(Locale.ROOT)) {
                            case "any" -> expect = MysqlCheck.Expect.ANY;
                            case "writable" -> expect = MysqlCheck.Expect.WRITABLE;
                            case "read_only" -> expect = MysqlCheck.Expect.READ_ONLY;
                            default -> args.diagnostics().error(n.at(), "'expect' is one of any, writable, read_only; got '" + v + "'");
                        }
                    }
                }
                case "replication" -> replication = args.flag(n);
                case "max_lag" -> maxLag = Optional.ofNullable(args.seconds(n, Duration.ZERO, MAX));
                case "retry", "nb_get_retry" -> retry = ConfigReader.orElse(args.integer(n, 0, Integer.MAX_VALUE), retry);
                case "delay_before_retry" -> delayBeforeRetry = ConfigReader.orElse(args.seconds(n, Duration.ZERO, MAX), delayBeforeRetry);
                default -> {
                    return false;
                }
            }
            return true;
        }

        MysqlCheck check(Node block) {
            if (password.isPresent() && passwordFile.isPresent()) {
                args.diagnostics().error(block.at(), block.keyword() + ": give either 'password' or 'password_file', not both; password_file is used");
                password = Optional.empty();
            }
            if (password.isPresent()) {
                args.diagnostics().notice(block.at(), block.keyword() + ": the password is written in the configuration; "
                        + "prefer 'password_file' (a file readable by root only)");
            }
            if (maxLag.isPresent() && !replication) {
                replication = true; // a lag limit only means something with replication running
            }
            return new MysqlCheck(ip, port, socket, user, password, passwordFile, timeout, expect, replication, maxLag,
                    retry, delayBeforeRetry, block.at());
        }
    }
}
