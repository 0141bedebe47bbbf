package io.tandem.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code global_defs}. Defaults are keepalived's: SMTP connect timeout 30 s, VRRP version 2,
 * gratuitous ARP 5 s after becoming master, 5 per burst, no refresh.
 */
public record GlobalDefs(
        Optional<String> routerId,
        List<String> notificationEmail,
        Optional<String> notificationEmailFrom,
        Optional<SmtpServer> smtpServer,
        Duration smtpConnectTimeout,
        Optional<String> smtpHeloName,
        boolean enableScriptSecurity,
        Optional<String> scriptUser,
        Optional<String> scriptGroup,
        int vrrpVersion,
        Duration vrrpGarpMasterDelay,
        int vrrpGarpMasterRepeat,
        Duration vrrpGarpMasterRefresh,
        int vrrpGarpMasterRefreshRepeat) {

    public GlobalDefs {
        notificationEmail = List.copyOf(notificationEmail);
    }

    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code smtp_server ADDR [PORT]}; the address may be a host name, as keepalived allows. */
    public record SmtpServer(String host, int port) {
        public static final int DEFAULT_PORT = 25;
    }
}
