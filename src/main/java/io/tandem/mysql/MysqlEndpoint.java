package io.tandem.mysql;

import java.time.Duration;
import java.util.Properties;

/**
 * How to reach a server: TCP host and port, an account, and one timeout that bounds connecting,
 * logging in and every query (a hung mysqld must fail a check, not hang it). The password never
 * appears in {@link #toString()}.
 */
public record MysqlEndpoint(String host, int port, String user, String password, Duration timeout) {
    public String url() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /** Connector/J properties: connect and socket timeouts, no retries, no SSL negotiation surprises. */
    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        long ms = Math.max(1, timeout.toMillis());
        p.setProperty("connectTimeout", Long.toString(ms));
        p.setProperty("socketTimeout", Long.toString(ms));
        p.setProperty("retriesAllDown", "0");
        p.setProperty("allowPublicKeyRetrieval", "true");
        return p;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
