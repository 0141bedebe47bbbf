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
        boolean noCheckerEmails) {

    public GlobalDefs {
        notificationEmail = List.copyOf(notificationEmail);
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
