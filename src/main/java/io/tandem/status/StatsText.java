package io.tandem.status;

import java.util.Map;

/**
 * The SIGUSR2 statistics file, in keepalived 2.2.7's layout ({@code vrrp_print_stats}) so that
 * tools reading {@code keepalived.stats} read it too. Adverts that name a VRID of ours but disagree
 * with its configuration (interval, addresses, authentication) count for that instance, as in
 * keepalived; packets too broken to name a VRID (length, TTL, type, unknown auth type) can only be
 * counted on the socket, so each instance shows its socket's count there. The socket's counts per
 * reason follow.
 */
public final class StatsText {
    private StatsText() {}

    public static String render(DaemonStatus s) {
        StringBuilder b = new StringBuilder(1024);
        for (InstanceView i : s.instances()) {
            Map<String, Long> d = i.drops();
            Map<String, Long> all = s.channels().stream().filter(c -> c.name().equals(i.channel())).findFirst()
                    .map(ChannelView::drops).orElse(Map.of());
            b.append("VRRP Instance: ").append(i.name()).append('\n');
            b.append("  Advertisements:\n");
            b.append("    Received: ").append(i.advertsReceived()).append('\n');
            b.append("    Sent: ").append(i.advertsSent()).append('\n');
            b.append("  Became master: ").append(i.becameMaster()).append('\n');
            b.append("  Released master: ").append(i.releasedMaster()).append('\n');
            b.append("  Packet Errors:\n");
            // a packet too broken to name its VRID counts on the socket only; shown here as keepalived would
            b.append("    Length: ").append(n(all, "TRUNCATED") + n(all, "LENGTH_MISMATCH")).append('\n');
            b.append("    TTL: ").append(n(all, "TTL_INVALID")).append('\n');
            b.append("    Invalid Type: ").append(n(all, "TYPE_INVALID")).append('\n');
            b.append("    Advertisement Interval: ").append(n(d, "ADVERT_INTERVAL_MISMATCH")).append('\n');
            b.append("    Address List: ").append(n(d, "ADDRESS_LIST_MISMATCH") + n(d, "DELIVERY_MISMATCH")).append('\n');
            b.append("  Authentication Errors:\n");
            b.append("    Invalid Type: ").append(n(all, "AUTH_TYPE_UNKNOWN")).append('\n');
            b.append("    Type Mismatch: ").append(n(d, "AUTH_TYPE_MISMATCH")).append('\n');
            b.append("    Failure: ").append(n(d, "PASSWORD_MISMATCH")).append('\n');
            b.append("  Priority Zero:\n");
            b.append("    Received: ").append(i.priorityZeroReceived()).append('\n');
            b.append("    Sent: ").append(i.priorityZeroSent()).append('\n');
            b.append("  Tandem, dropped on ").append(i.channel()).append(" (all instances):").append(all.isEmpty() ? " none" : "")
                    .append('\n');
            all.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }
        return b.toString();
    }

    private static long n(Map<String, Long> d, String reason) {
        return d.getOrDefault(reason, 0L);
    }
}
