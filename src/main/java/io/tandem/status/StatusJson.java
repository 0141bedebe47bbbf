package io.tandem.status;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code tandem status --json} and {@code GET /status}: the same facts as {@link StatusText}, as
 * one JSON object. Times are ISO-8601 UTC strings, durations milliseconds; a missing value is
 * {@code null}. Field names are stable: scripts and dashboards read them.
 */
public final class StatusJson {
    private StatusJson() {}

    public static String render(DaemonStatus s) {
        Json j = new Json().beginObject();
        j.field("version", s.version()).field("pid", s.pid()).field("router_id", s.routerId())
                .field("config_file", s.configFile()).field("at", s.at().toString())
                .field("started_at", s.startedAt().toString())
                .field("loop_worst_lateness_ms", s.loopWorstLatenessMillis());
        j.name("maintenance").beginObject().field("on", s.maintenanceSince().isPresent());
        s.maintenanceSince().ifPresent(t -> j.field("since", t.toString()));
        j.endObject();
        j.name("vrrp_instances").beginArray();
        for (InstanceView i : s.instances()) {
            instance(j, i, s);
        }
        j.endArray();
        j.name("checks").beginArray();
        for (CheckView c : s.checks()) {
            j.beginObject().field("name", c.name()).field("kind", c.kind()).field("state", c.state())
                    .field("rise", c.rise()).field("fall", c.fall()).field("position", c.position())
                    .field("interval_ms", c.interval().toMillis());
            j.name("last");
            if (c.last().isPresent()) {
                CheckView.Result r = c.last().get();
                j.beginObject().field("success", r.success()).field("detail", r.detail())
                        .field("duration_ms", r.took().toMillis()).field("at", r.at().toString()).endObject();
            } else {
                j.nullValue();
            }
            j.endObject();
        }
        j.endArray();
        j.name("channels").beginArray();
        for (ChannelView c : s.channels()) {
            j.beginObject().field("name", c.name()).field("interface", c.iface());
            drops(j, c.drops());
            j.endObject();
        }
        j.endArray();
        j.name("virtual_servers").beginArray();
        for (VirtualServerView v : s.virtualServers()) {
            j.beginObject().field("address", v.address()).field("port", v.port()).field("lb_algo", v.lbAlgo())
                    .field("quorum_up", v.quorumUp()).field("quorum", v.quorum()).field("refused", v.refused()).field("queued", v.queued())
                    .field("sorry_server", v.sorryServer()).field("on_sorry_server", v.onSorryServer())
                    .field("proxy_protocol", v.proxyProtocol());
            j.name("backends").beginArray();
            for (VirtualServerView.Backend b : v.backends()) {
                j.beginObject().field("address", b.address()).field("port", b.port()).field("state", b.state())
                        .field("drained", b.drained()).field("lagging", b.lagging()).field("weight", b.weight()).field("active", b.active())
                        .field("total", b.total()).field("bytes_in", b.bytesIn()).field("bytes_out", b.bytesOut());
                j.name("lag_seconds");
                if (b.lagSeconds().isPresent()) {
                    j.value(b.lagSeconds().getAsLong());
                } else {
                    j.nullValue();
                }
                j.field("last_check", b.lastCheck()).field("last_check_ms", b.lastCheckTook().toMillis()).endObject();
            }
            j.endArray().endObject();
        }
        j.endArray();
        j.name("timeline").beginArray();
        for (TimelineEntry t : s.timeline()) {
            j.beginObject().field("instance", t.instance()).field("from", t.from()).field("to", t.to())
                    .field("reason", t.reason()).field("at", t.at().toString()).endObject();
        }
        j.endArray();
        return j.endObject().toString() + "\n";
    }

    private static void instance(Json j, InstanceView i, DaemonStatus s) {
        j.beginObject().field("name", i.name()).field("state", i.state()).field("interface", i.iface())
                .field("virtual_router_id", i.vrid()).field("version", i.version())
                .field("base_priority", i.basePriority()).field("effective_priority", i.effectivePriority())
                .field("fault", i.fault());
        j.name("tracked").beginArray();
        for (InstanceView.Adjustment a : i.adjustments()) {
            j.beginObject().field("item", a.item()).field("weight", a.weight()).field("reverse", a.reverse())
                    .field("state", a.state()).field("change", a.change()).field("fault", a.fault()).endObject();
        }
        j.endArray();
        j.name("virtual_ipaddress").beginArray();
        i.vips().forEach(j::value);
        j.endArray();
        j.name("master");
        if (i.lastMaster().isPresent()) {
            InstanceView.PeerHeard p = i.lastMaster().get();
            j.beginObject().field("address", p.address()).field("priority", p.priority()).field("at", p.at().toString())
                    .endObject();
        } else {
            j.nullValue();
        }
        j.name("last_transition");
        if (i.lastTransition().isPresent()) {
            InstanceView.TransitionView t = i.lastTransition().get();
            j.beginObject().field("from", t.from()).field("to", t.to()).field("reason", t.reason())
                    .field("at", t.at().toString()).endObject();
        } else {
            j.nullValue();
        }
        j.name("counters").beginObject().field("transitions", i.transitions()).field("became_master", i.becameMaster())
                .field("released_master", i.releasedMaster()).field("adverts_sent", i.advertsSent())
                .field("adverts_received", i.advertsReceived()).field("priority_zero_sent", i.priorityZeroSent())
                .field("priority_zero_received", i.priorityZeroReceived()).endObject();
        j.field("channel", i.channel());
        drops(j, i.drops());
        j.name("mysql");
        if (i.mysql().isPresent()) {
            mysql(j, i.mysql().get());
        } else {
            j.nullValue();
        }
        j.endObject();
    }

    private static void mysql(Json j, MysqlView m) {
        j.beginObject().field("endpoint", m.endpoint()).field("role", m.role());
        j.name("observed_at");
        optional(j, m.observed().map(Instant::toString));
        j.name("error");
        optional(j, m.error());
        j.field("server_version", m.version()).field("read_only", m.readOnly()).field("super_read_only", m.superReadOnly());
        j.name("replica");
        if (m.replica().isPresent()) {
            MysqlView.Replica r = m.replica().get();
            j.beginObject().field("source", r.source()).field("io_running", r.ioRunning()).field("sql_running", r.sqlRunning());
            j.name("lag_seconds");
            if (r.lagSeconds().isPresent()) {
                j.value(r.lagSeconds().getAsLong());
            } else {
                j.nullValue();
            }
            j.name("last_error");
            optional(j, r.lastError());
            j.endObject();
        } else {
            j.nullValue();
        }
        j.field("gtid_position", m.gtid());
        j.name("failback");
        optional(j, m.failback());
        j.field("holding_failback", m.holdingFailback());
        j.name("peer");
        if (m.peer().isPresent()) {
            mysql(j, m.peer().get());
        } else {
            j.nullValue();
        }
        j.endObject();
    }

    private static void optional(Json j, Optional<String> v) {
        if (v.isPresent()) {
            j.value(v.get());
        } else {
            j.nullValue();
        }
    }

    private static void drops(Json j, Map<String, Long> drops) {
        j.name("dropped").beginObject();
        new TreeMap<>(drops).forEach((k, v) -> j.field(k.toLowerCase(java.util.Locale.ROOT), v));
        j.endObject();
    }
}
