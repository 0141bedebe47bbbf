package io.tandem.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code tandem status} and the SIGUSR1 data dump: every instance, check, MySQL server and
 * backend, a few lines each, for people. Times are UTC with their age ("12 s ago") so a reader
 * sees at once what is stale.
 */
public final class StatusText {
    private StatusText() {}

    public static String render(DaemonStatus s) {
        StringBuilder b = new StringBuilder(2048);
        b.append("tandem ").append(s.version()).append(", pid ").append(s.pid()).append(", router_id ").append(s.routerId())
                .append(", configuration ").append(s.configFile()).append('\n');
        b.append("running since ").append(when(s.startedAt(), s.at())).append("; worst control-loop lateness ")
                .append(s.loopWorstLatenessMillis()).append(" ms\n");
        s.maintenanceSince().ifPresent(t -> b.append("MAINTENANCE since ").append(when(t, s.at()))
                .append(": checks run, but tracking does not move VIPs ('tandem maintenance off' ends it)\n"));
        if (s.instances().isEmpty()) {
            b.append("\nno vrrp_instance\n");
        }
        for (InstanceView i : s.instances()) {
            instance(b, i, s);
        }
        for (CheckView c : s.checks()) {
            b.append("\ncheck ").append(c.name()).append(" (").append(c.kind()).append("): ").append(c.state())
                    .append(", rise ").append(c.rise()).append(" fall ").append(c.fall()).append(", position ")
                    .append(c.position()).append(" of 0..").append(c.rise() + c.fall() - 1).append(" (up from ")
                    .append(c.rise()).append("), every ").append(ms(c.interval())).append('\n');
            c.last().ifPresentOrElse(r -> b.append("  last: ").append(r.success() ? "success" : "failure").append(" in ")
                    .append(ms(r.took())).append(", ").append(when(r.at(), s.at())).append(": ").append(r.detail()).append('\n'),
                    () -> b.append("  last: no result yet\n"));
        }
        for (VirtualServerView v : s.virtualServers()) {
            b.append("\nvirtual_server ").append(v.address()).append(':').append(v.port()).append(' ').append(v.lbAlgo())
                    .append(": quorum ").append(v.quorumUp() ? "up" : "down").append(" (").append(v.quorum())
                    .append("), refused ").append(v.refused()).append(", queued ").append(v.queued())
                    .append(v.proxyProtocol().equals("off") ? "" : ", proxy_protocol " + v.proxyProtocol())
                    .append(v.sorryServer().isEmpty() ? "" : ", sorry_server " + v.sorryServer() + " (" + v.onSorryServer() + " on it)")
                    .append('\n');
            for (VirtualServerView.Backend r : v.backends()) {
                b.append("  real_server ").append(r.address()).append(':').append(r.port()).append(' ').append(r.state())
                        .append(r.drained() && !r.state().equals("drain") ? " (drained)" : "").append(r.lagging() ? " (lagging)" : "").append(", weight ").append(r.weight()).append(", active ")
                        .append(r.active()).append(", total ").append(r.total()).append(", bytes in ").append(r.bytesIn())
                        .append(" out ").append(r.bytesOut())
                        .append(r.lagSeconds().isPresent() ? ", lag " + r.lagSeconds().getAsLong() + " s" : "")
                        .append("\n    last check: ").append(r.lastCheck()).append(" (").append(ms(r.lastCheckTook())).append(")\n");
            }
        }
        if (!s.timeline().isEmpty()) {
            b.append("\nrecent transitions (oldest first):\n");
            for (TimelineEntry t : s.timeline()) {
                b.append("  ").append(when(t.at(), s.at())).append(' ').append(t.instance()).append(": ").append(t.from())
                        .append(" -> ").append(t.to()).append(" (").append(t.reason()).append(")\n");
            }
        }
        return b.toString();
    }

    private static void instance(StringBuilder b, InstanceView i, DaemonStatus s) {
        b.append("\nvrrp_instance ").append(i.name()).append(": ").append(i.state()).append('\n');
        b.append("  interface ").append(i.iface()).append(", virtual_router_id ").append(i.vrid()).append(", VRRPv")
                .append(i.version()).append('\n');
        b.append("  priority ").append(i.effectivePriority()).append(" effective, ").append(i.basePriority()).append(" configured")
                .append(i.fault() ? "; FAULT" : "").append('\n');
        for (InstanceView.Adjustment a : i.adjustments()) {
            b.append("    ").append(a.item()).append(": ").append(a.state());
            if (a.weight() == 0) {
                b.append(a.fault() ? " -> FAULT" : " (fault when down)");
            } else {
                b.append(", weight ").append(a.weight()).append(a.reverse() ? " reverse" : "").append(" -> ")
                        .append(a.change() >= 0 ? "+" : "").append(a.change());
            }
            b.append('\n');
        }
        b.append("  virtual_ipaddress ").append(i.vips().isEmpty() ? "none" : String.join(", ", i.vips())).append('\n');
        if (i.state().equals("MASTER")) {
            b.append("  master: this node");
            i.lastMaster().ifPresent(p -> b.append(" (last other master heard: ").append(p.address()).append(" priority ")
                    .append(p.priority()).append(", ").append(when(p.at(), s.at())).append(')'));
            b.append('\n');
        } else {
            b.append("  master: ").append(i.lastMaster().map(p -> p.address() + " priority " + p.priority() + ", last advert "
                    + when(p.at(), s.at())).orElse("none heard")).append('\n');
        }
        b.append("  last transition: ").append(i.lastTransition().map(t -> t.from() + " -> " + t.to() + " (" + t.reason() + "), "
                + when(t.at(), s.at())).orElse("none")).append('\n');
        b.append("  adverts: sent ").append(i.advertsSent()).append(", received ").append(i.advertsReceived())
                .append("; priority 0 sent ").append(i.priorityZeroSent()).append(", received ").append(i.priorityZeroReceived())
                .append("; transitions ").append(i.transitions()).append(", became master ").append(i.becameMaster())
                .append(", released master ").append(i.releasedMaster()).append('\n');
        Map<String, Long> drops = s.channels().stream().filter(c -> c.name().equals(i.channel())).findFirst()
                .map(ChannelView::drops).orElse(Map.of());
        b.append("  dropped for this instance: ").append(list(i.drops())).append("; on ").append(i.channel()).append(" (all): ")
                .append(list(drops)).append('\n');
        i.mysql().ifPresent(m -> mysql(b, m, s.at()));
    }

    private static void mysql(StringBuilder b, MysqlView m, Instant now) {
        server(b, "  mysql ", m, now);
        m.peer().ifPresent(p -> server(b, "  other master ", p, now));
    }

    private static void server(StringBuilder b, String title, MysqlView m, Instant now) {
        b.append(title).append(m.endpoint()).append(": ").append(m.role());
        if (!m.version().isEmpty()) {
            b.append(" (").append(m.version()).append(", read_only ").append(onOff(m.readOnly()))
                    .append(m.superReadOnly() ? ", super_read_only ON" : "").append(')');
        }
        b.append(", ").append(m.observed().map(t -> "read " + when(t, now)).orElse("not read yet")).append('\n');
        m.error().ifPresent(e -> b.append("    last read failed: ").append(e).append('\n'));
        m.replica().ifPresentOrElse(r -> {
            b.append("    replication from ").append(r.source()).append(": IO ").append(yesNo(r.ioRunning())).append(", SQL ")
                    .append(yesNo(r.sqlRunning())).append(", lag ")
                    .append(r.lagSeconds().isPresent() ? r.lagSeconds().getAsLong() + " s" : "unknown").append('\n');
            r.lastError().ifPresent(e -> b.append("    replication error: ").append(e).append('\n'));
        }, () -> b.append("    replication: none\n"));
        b.append("    gtid position: ").append(m.gtid().isEmpty() ? "empty" : m.gtid()).append('\n');
        m.failback().ifPresent(f -> b.append("    failback: ").append(f).append(m.holdingFailback() ? " (priority held down)" : "")
                .append('\n'));
    }

    private static String list(Map<String, Long> drops) {
        return drops.isEmpty() ? "none"
                : new TreeMap<>(drops).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** An instant as UTC to the second, with its age relative to {@code now}. */
    static String when(Instant t, Instant now) {
        long age = Duration.between(t, now).toSeconds();
        return t.truncatedTo(ChronoUnit.SECONDS) + " (" + (age < 0 ? "0" : String.valueOf(age)) + " s ago)";
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String onOff(boolean b) {
        return b ? "ON" : "OFF";
    }

    private static String yesNo(boolean b) {
        return b ? "running" : "stopped";
    }
}
