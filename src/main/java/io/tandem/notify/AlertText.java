package io.tandem.notify;

import java.util.Optional;

/**
 * The subjects and bodies keepalived 2.2.7 sends (core/smtp.c {@code smtp_alert},
 * vrrp/vrrp_notify.c {@code vrrp_smtp_notifier} and {@code vrrp_sync_smtp_notifier}, the checker
 * messages), so existing mail filters keep matching, and Tandem's own alerts in the same style:
 * {@code [router_id] Tandem: what happened}.
 */
public final class AlertText {
    private AlertText() {}

    /**
     * A vrrp_instance entering {@code state} (MASTER, BACKUP, FAULT, STOP or DELETED), or empty
     * for a state keepalived sends no mail for.
     */
    public static Optional<Mail> instance(String routerId, String name, String state) {
        String[] words = switch (state) {
            case "MASTER" -> new String[] {"Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <="};
            case "BACKUP" -> new String[] {"Entering BACKUP state", "=> VRRP Instance is no longer owning VRRP VIPs <="};
            case "FAULT" -> new String[] {"Entering FAULT state", "=> VRRP Instance is no longer owning VRRP VIPs <="};
            case "STOP" -> new String[] {"Stopping", "=> VRRP Instance stopping <="};
            case "DELETED" -> new String[] {"Deleted", "=> VRRP Deleted at reload <="};
            default -> null;
        };
        return words == null ? Optional.empty()
                : Optional.of(new Mail("[" + routerId + "] VRRP Instance " + name + " - " + words[0], words[1]));
    }

    /** A vrrp_sync_group entering {@code state} (MASTER, BACKUP, FAULT or STOP), or empty. */
    public static Optional<Mail> group(String routerId, String name, String state) {
        String[] words = switch (state) {
            case "MASTER" -> new String[] {"Entering MASTER state", "=> All VRRP group instances are now in MASTER state <="};
            case "BACKUP" -> new String[] {"Entering BACKUP state", "=> All VRRP group instances are now in BACKUP state <="};
            case "FAULT" -> new String[] {"Entering FAULT state", "=> All VRRP group instances are now in FAULT state <="};
            case "STOP" -> new String[] {"Stopping", "=> All VRRP group instances are now stopping <="};
            default -> null;
        };
        return words == null ? Optional.empty()
                : Optional.of(new Mail("[" + routerId + "] VRRP Group " + name + " - " + words[0], words[1]));
    }

    /**
     * A real server's checker result, as keepalived's checkers send it: {@code realServer} and
     * {@code virtualServer} as keepalived prints them ({@code [10.0.0.1]:tcp:3306}), the body
     * e.g. {@code => TCP CHECK failed on service <=}.
     */
    public static Mail realServer(String routerId, String realServer, String virtualServer, boolean up, String body) {
        return new Mail("[" + routerId + "] Realserver " + realServer + " of virtual server " + virtualServer + " - "
                + (up ? "UP" : "DOWN"), body);
    }

    /** A virtual server's quorum going up or down. */
    public static Mail virtualServer(String routerId, String virtualServer, boolean up, String body) {
        return new Mail("[" + routerId + "] Virtualserver " + virtualServer + " - " + (up ? "UP" : "DOWN"), body);
    }

    /** Tandem's own alerts (only one healthy master left, redundancy restored, ...). */
    public static Mail tandem(String routerId, String subject, String body) {
        return new Mail("[" + routerId + "] Tandem: " + subject, body);
    }
}
