package io.tandem.status;

import java.util.Map;

/**
 * The SIGUSR2 statistics file, in keepalived 2.2.7's layout ({@code vrrp_print_stats}) so that
 * tools reading {@code keepalived.stats} read it too. keepalived counts drops per instance; Tandem
 * counts them per socket (a dropped packet may match no instance), so each instance shows the
 * drops of its socket.
 */
public final class StatsText {
    private StatsText() {}

    public static String render(DaemonStatus s) {
        StringBuilder b = new StringBuilder(1024);
        for (InstanceView i : s.instances()) {
            Map<String, Long> d = s.channels().stream().filter(c -> c.name().equals(i.channel())).findFirst()
                    .map(ChannelView::drops).orElse(Map.of());
            b.append("VRRP Instance: ").append(i.name()).append('\n');
            b.append("  Advertisements:\n");
            b.append("    Received: ").append(i.advertsReceived()).append('\n');
            b.append("    Sent: ").append(i.advertsSent()).append('\n');
            b.append("  Became master: ").append(i.becameMaster()).append('\n');
            b.append("  Released master: ").append(i.releasedMaster()).append('\n');
            b.append("  Packet Errors:\n");
            b.append("    Length: ").append(n(d, "TRUNCATED") + n(d, "LENGTH_MISMATCH")).append('\n');
            b.append("    TTL: ").append(n(d, "TTL_INVALID")).append('\n');
            b.append("    Invalid Type: ").append(n(d, "TYPE_INVALID")).append('\n');
            b.append("    Advertisement Interval: ").append(n(d, "ADVERT_INTERVAL_MISMATCH")).append('\n');
            b.append("    Address List: ").append(n(d, "ADDRESS_LIST_MISMATCH") + n(d, "DELIVERY_MISMATCH")).append('\n');
            b.append("  Authentication Errors:\n");
            b.append("    Invalid Type: ").append(n(d, "AUTH_TYPE_UNKNOWN")).append('\n');
            b.append("    Type Mismatch: ").append(n(d, "AUTH_TYPE_MISMATCH")).append('\n');
            b.append("    Failure: ").append(n(d, "PASSWORD_MISMATCH")).append('\n');
            b.append("  Priority Zero:\n");
            b.append("    Received: ").append(i.priorityZeroReceived()).append('\n');
            b.append("    Sent: ").append(i.priorityZeroSent()).append('\n');
            b.append("  Tandem, dropped on ").append(i.channel()).append(":").append(d.isEmpty() ? " none" : "").append('\n');
            d.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        }
        return b.toString();
    }

    private static long n(Map<String, Long> d, String reason) {
        return d.getOrDefault(reason, 0L);
    }
}
