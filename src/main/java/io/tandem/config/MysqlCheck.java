package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Tandem's {@code MYSQL_CHECK { ... }} checker, in keepalived's style: inside a {@code real_server}
 * beside {@code TCP_CHECK}, or inside a {@code vrrp_script} instead of {@code script}. It connects,
 * authenticates and runs a cheap query, then checks the optional conditions. Durations take
 * decimals, so {@code connect_timeout 0.25} is 250 ms.
 *
 * @param connectIp     server address (default: the real server's, or 127.0.0.1 in a vrrp_script)
 * @param connectPort   server port (default: the real server's, or 3306)
 * @param socket        a unix socket path instead of TCP
 * @param user          the account to log in with
 * @param password      inline password (prefer {@code password_file})
 * @param passwordFile  file holding the password; must be readable by root only
 * @param expect        whether the server must be writable, read-only, or either
 * @param replication   the replication IO and SQL threads must both be running
 * @param maxLag        largest acceptable replication lag ({@code Seconds_Behind_Master})
 */
public record MysqlCheck(
        Optional<String> connectIp,
        Optional<Integer> connectPort,
        Optional<String> socket,
        Optional<String> user,
        Optional<String> password,
        Optional<String> passwordFile,
        Duration connectTimeout,
        Expect expect,
        boolean replication,
        Optional<Duration> maxLag,
        int retry,
        Duration delayBeforeRetry,
        SourceLocation at) implements Checker {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    public enum Expect { ANY, WRITABLE, READ_ONLY }

    @Override
    public String toString() {
        return "MysqlCheck[connectIp=" + connectIp + ", connectPort=" + connectPort + ", socket=" + socket
                + ", user=" + user + ", password=" + password.map(p -> "<hidden>") + ", passwordFile=" + passwordFile
                + ", connectTimeout=" + connectTimeout + ", expect=" + expect + ", replication=" + replication
                + ", maxLag=" + maxLag + ", retry=" + retry + ", delayBeforeRetry=" + delayBeforeRetry + ", at=" + at + "]";
    }
}
