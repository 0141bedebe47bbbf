package io.tandem.mysql;

import io.tandem.config.MysqlCheck;
import io.tandem.config.MysqlFailover;
import io.tandem.config.VirtualServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * How to reach a server: TCP host and port or a unix socket, an account, and one timeout that
 * bounds connecting, logging in and every query (a hung mysqld must fail a check, not hang it).
 * The password never appears in {@link #toString()} nor in messages built with {@link #scrub}.
 *
 * @param socket        a unix socket path; when present it is used instead of host and port, through
 *                      {@link UnixSocketFactory} (timeouts honoured, unlike the driver's JNA-based {@code localSocket})
 * @param proxyProtocol when present, over TCP each connection starts with a PROXY protocol header
 *                      ({@link ProxyHeaderSocketFactory}), as the load balancer's connections to this
 *                      server do, so the check takes the path the clients take
 */
public record MysqlEndpoint(String host, int port, Optional<String> socket, String user, String password,
                            Duration timeout, Optional<VirtualServer.ProxyProtocol> proxyProtocol) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3306;
    public static final String DEFAULT_USER = "root";

    public MysqlEndpoint {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** An endpoint without a PROXY protocol header. */
    public MysqlEndpoint(String host, int port, Optional<String> socket, String user, String password, Duration timeout) {
        this(host, port, socket, user, password, timeout, Optional.empty());
    }

    /** A TCP endpoint. */
    public MysqlEndpoint(String host, int port, String user, String password, Duration timeout) {
        this(host, port, Optional.empty(), user, password, timeout);
    }

    /**
     * The endpoint a {@code MYSQL_CHECK} or {@code mysql {}} block describes: its socket if given,
     * else {@code connect_ip}/{@code connect_port} (default 127.0.0.1:3306), its user (default
     * root), the password or the stripped content of {@code password_file}, and its
     * {@code connect_timeout}.
     *
     * @throws IOException when the password file cannot be read (the message names the file)
     */
    public static MysqlEndpoint of(MysqlCheck c) throws IOException {
        return new MysqlEndpoint(c.connectIp().orElse(DEFAULT_HOST), c.connectPort().orElse(DEFAULT_PORT), c.socket(),
                c.user().orElse(DEFAULT_USER), password(c), c.connectTimeout());
    }

    /**
     * The other master of a {@code mysql {}} block ({@code peer ADDR [PORT]}), reached over TCP with
     * the local server's account and timeout; empty when no peer is configured.
     */
    public static Optional<MysqlEndpoint> peerOf(MysqlFailover f, MysqlEndpoint local) {
        return f.peer().map(addr -> new MysqlEndpoint(addr, f.peerPort(), Optional.empty(), local.user(), local.password(),
                local.timeout()));
    }

    private static String password(MysqlCheck c) throws IOException {
        if (c.passwordFile().isPresent()) {
            Path file = Path.of(c.passwordFile().get());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IOException("cannot read password_file " + file + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
            }
        }
        return c.password().orElse(null);
    }

    public String url() {
        return socket.isPresent() ? "jdbc:mariadb://localhost:" + DEFAULT_PORT + "/" : "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /** Connector/J properties: connect and socket timeouts, no retries, no SSL negotiation surprises. */
    public Properties properties() {
        return properties(timeout);
    }

    /** {@link #properties()} with a shorter timeout, for a call whose deadline is nearer than the endpoint's timeout. */
    Properties properties(Duration bound) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        long ms = Math.max(1, Math.min(timeout.toMillis(), bound.toMillis()));
        p.setProperty("connectTimeout", Long.toString(ms));
        p.setProperty("socketTimeout", Long.toString(ms));
        p.setProperty("retriesAllDown", "0");
        p.setProperty("allowPublicKeyRetrieval", "true");
        socket.ifPresent(s -> {
            p.setProperty("socketFactory", UnixSocketFactory.class.getName());
            p.setProperty(UnixSocketFactory.PATH_PROPERTY, s);
        });
        if (socket.isEmpty()) {
            proxyProtocol.ifPresent(v -> {
                p.setProperty("socketFactory", ProxyHeaderSocketFactory.class.getName());
                p.setProperty(ProxyHeaderSocketFactory.VERSION_PROPERTY, v.keyword());
            });
        }
        return p;
    }

    /** {@code text} with the password replaced, for messages built from driver exceptions. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        return password == null || password.isEmpty() ? text : text.replace(password, "<hidden>");
    }

    @Override
    public String toString() {
        return socket.map(s -> user + "@unix:" + s).orElse(user + "@" + host + ":" + port);
    }
}
