package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Tandem's {@code mysql { ... }} block inside a {@code vrrp_instance}: the local mysqld this
 * instance protects. Reserved and validated now; fencing and catch-up act on it once the
 * MySQL-aware failover exists.
 *
 * @param server          how to reach the local mysqld and what it must look like
 * @param fence           keep {@code read_only=ON} whenever the instance is not MASTER (default on)
 * @param killSessions    end non-replication client sessions when fencing (default on)
 * @param catchUpTimeout  how long a new master waits to apply what it received before it opens writes
 * @param failbackCatchUp a returning master reclaims the VIP only after catching up (default on)
 * @param peer            the other master ({@code peer ADDR [PORT]}), for fencing and catch-up checks
 */
public record MysqlFailover(
        MysqlCheck server,
        boolean fence,
        boolean killSessions,
        Duration catchUpTimeout,
        boolean failbackCatchUp,
        Optional<String> peer,
        int peerPort,
        SourceLocation at) {

    public static final Duration DEFAULT_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
}
