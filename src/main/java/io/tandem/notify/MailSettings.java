package io.tandem.notify;

import io.tandem.config.GlobalDefs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to deliver alerts, resolved from {@code global_defs} with keepalived's
 * defaults (global_data.c): the router id, the HELO name and the sender's domain default to the
 * host's name, the sender to {@code root@host}. {@code timeout} bounds connecting and every read
 * and write ({@code smtp_connect_timeout}).
 */
public record MailSettings(
        String host,
        int port,
        String routerId,
        String from,
        List<String> recipients,
        String heloName,
        Duration timeout,
        GlobalDefs.StartTls startTls,
        Optional<Path> caFile,
        Optional<SmtpCredentials> credentials) {

    public MailSettings {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
    }

    /**
     * The settings of {@code g}, or empty when keepalived would send nothing (no
     * notification_email or no smtp_server). Reads the credentials file.
     *
     * @throws IllegalStateException when smtp_auth_file cannot be read
     */
    public static Optional<MailSettings> of(GlobalDefs g, String localName) {
        if (!g.mailConfigured()) {
            return Optional.empty();
        }
        GlobalDefs.SmtpServer server = g.smtpServer().orElseThrow();
        String user = Optional.ofNullable(System.getProperty("user.name")).filter(s -> !s.isBlank()).orElse("root");
        return Optional.of(new MailSettings(server.host(), server.port(), g.routerId().orElse(localName),
                g.notificationEmailFrom().orElse(user + "@" + localName), g.notificationEmail(),
                g.smtpHeloName().orElse(localName), g.smtpConnectTimeout(), g.smtpStartTls(),
                g.smtpTlsCaFile().map(f -> Path.of(f.path())),
                g.smtpAuthFile().map(f -> SmtpCredentials.read(Path.of(f.path())))));
    }

    /** keepalived's local name: the kernel's host name (uname), else "localhost". */
    public static String localName() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException e) {
            // not Linux, or /proc not mounted: fall back below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** {@code host:port} for logs. */
    public String server() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
