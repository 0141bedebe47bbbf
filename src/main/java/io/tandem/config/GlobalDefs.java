package io.tandem.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code global_defs}. Defaults are keepalived's: SMTP connect timeout 30 s, VRRP version 2,
 * gratuitous ARP 5 s after becoming master, 5 per burst, no refresh. {@code smtp_alert},
 * {@code smtp_alert_vrrp} and {@code smtp_alert_checker} stay empty when not written: they are
 * defaults that instances, sync groups and checkers inherit only when they set none themselves
 * ({@link #vrrpAlertDefault()}, {@link #checkerAlertDefault(boolean)}). {@code smtp_starttls},
 * {@code smtp_tls_ca_file} and {@code smtp_auth_file} are Tandem's own. {@code no_checker_emails}:
 * a checker's mail goes out only when its real server changes state (keepalived's meaning).
 * {@code http_status} and {@code http_token_file} (the bearer token that mutating HTTP requests
 * must present, in an owner-only file) are Tandem's own too. {@code checker_log_all_failures}: every
 * checker logs each failed attempt while its real server is still in, as if each had
 * {@code log_all_failures} ({@link CheckerTiming#logsAllFailures(GlobalDefs)}).
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
        int vrrpGarpMasterRefreshRepeat,
        Optional<Boolean> smtpAlert,
        Optional<Boolean> smtpAlertVrrp,
        Optional<Boolean> smtpAlertChecker,
        boolean noEmailFaults,
        StartTls smtpStartTls,
        Optional<FileSetting> smtpTlsCaFile,
        Optional<FileSetting> smtpAuthFile,
        boolean noCheckerEmails,
        Optional<HttpEndpoint> httpStatus,
        Optional<FileSetting> httpTokenFile,
        boolean checkerLogAllFailures) {

    public GlobalDefs {
        notificationEmail = List.copyOf(notificationEmail);
    }

    /** Without Tandem's {@code http_status}: the HTTP endpoint stays off. */
    public GlobalDefs(Optional<String> routerId, List<String> notificationEmail, Optional<String> notificationEmailFrom,
                      Optional<SmtpServer> smtpServer, Duration smtpConnectTimeout, Optional<String> smtpHeloName,
                      boolean enableScriptSecurity, Optional<String> scriptUser, Optional<String> scriptGroup, int vrrpVersion,
                      Duration vrrpGarpMasterDelay, int vrrpGarpMasterRepeat, Duration vrrpGarpMasterRefresh,
                      int vrrpGarpMasterRefreshRepeat, Optional<Boolean> smtpAlert, Optional<Boolean> smtpAlertVrrp,
                      Optional<Boolean> smtpAlertChecker, boolean noEmailFaults, StartTls smtpStartTls,
                      Optional<FileSetting> smtpTlsCaFile, Optional<FileSetting> smtpAuthFile, boolean noCheckerEmails) {
        this(routerId, notificationEmail, notificationEmailFrom, smtpServer, smtpConnectTimeout, smtpHeloName,
                enableScriptSecurity, scriptUser, scriptGroup, vrrpVersion, vrrpGarpMasterDelay, vrrpGarpMasterRepeat,
                vrrpGarpMasterRefresh, vrrpGarpMasterRefreshRepeat, smtpAlert, smtpAlertVrrp, smtpAlertChecker, noEmailFaults,
                smtpStartTls, smtpTlsCaFile, smtpAuthFile, noCheckerEmails, Optional.empty(), Optional.empty(), false);
    }

    /**
     * Tandem's {@code http_status [ADDR:]PORT}: where the HTTP status and metrics endpoint listens
     * (ADDR an IPv4 literal, 127.0.0.1 when left out).
     */
    public record HttpEndpoint(String address, int port, SourceLocation at) {
        /** Parses {@code [ADDR:]PORT}; null when it is not one (the caller reports it). */
        public static HttpEndpoint parse(String text, SourceLocation at) {
            int colon = text.lastIndexOf(':');
            String addr = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
            String port = text.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                return null;
            }
            if (!addr.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
                return null;
            }
            return new HttpEndpoint(addr, Integer.parseInt(port), at);
        }
    }

    /** keepalived's default for a vrrp_instance or vrrp_sync_group without its own smtp_alert (vrrp.c). */
    public boolean vrrpAlertDefault() {
        return smtpAlertVrrp.or(() -> smtpAlert).orElse(false);
    }

    /**
     * keepalived's default for a virtual_server ({@code realServer} false) or real_server without
     * its own smtp_alert (check_data.c): smtp_alert_checker, then smtp_alert, then off for a
     * virtual server but on for a real server, keepalived's own inconsistency kept for parity.
     */
    public boolean checkerAlertDefault(boolean realServer) {
        return smtpAlertChecker.or(() -> smtpAlert).orElse(realServer);
    }

    /** Whether mail can go out at all: keepalived sends only with recipients and an smtp_server. */
    public boolean mailConfigured() {
        return !notificationEmail.isEmpty() && smtpServer.isPresent();
    }

    /** A file named in global_defs, with where it was named, so checks of the file can point at the line. */
    public record FileSetting(String path, SourceLocation at) {}

    /** {@code smtp_starttls}: off unless written; alone it means REQUIRED. */
    public enum StartTls { OFF, OPTIONAL, REQUIRED }

    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** {@code smtp_server ADDR [PORT]}; the address may be a host name, as keepalived allows. */
    public record SmtpServer(String host, int port) {
        public static final int DEFAULT_PORT = 25;
    }
}
