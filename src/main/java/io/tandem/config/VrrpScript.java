package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code vrrp_script NAME { ... }}: a periodic check whose result changes the priority of the
 * instances that track it ({@code weight}) or puts them in FAULT ({@code weight 0}). The check is
 * either a command ({@code script}), Tandem's built-in {@code MYSQL_CHECK}, or Tandem's
 * {@code check_virtual_server ADDR PORT}: this daemon's own load balancer serves that
 * {@code virtual_server} (listening, its event loop answering, a real or sorry server to send a
 * connection to), so a redundant balancer pair hands the VIP over when the proxy is not serving.
 */
public record VrrpScript(
        String name,
        Optional<String> script,
        Optional<MysqlCheck> mysqlCheck,
        Optional<VirtualServer.Endpoint> virtualServer,
        Duration interval,
        Duration timeout,
        int weight,
        boolean weightReverse,
        int rise,
        int fall,
        Optional<String> user,
        Optional<String> group,
        boolean initFail,
        SourceLocation at) {

    /** keepalived's default for a {@code script}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /**
     * Tandem's default for a built-in {@code MYSQL_CHECK} (Tandem-only syntax, so its own default):
     * a login and one query every 200 ms costs mysqld next to nothing and finds a dead server within
     * 0.2 s instead of 1 s.
     */
    public static final Duration MYSQL_CHECK_DEFAULT_INTERVAL = Duration.ofMillis(200);
}
