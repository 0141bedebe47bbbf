package io.tandem.daemon;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tandem.status.ChannelView;
import io.tandem.status.CheckView;
import io.tandem.status.DaemonStatus;
import io.tandem.status.InstanceView;
import io.tandem.status.MysqlView;
import io.tandem.status.VirtualServerView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's Prometheus metrics, one consistent set per scrape built from one
 * {@link DaemonStatus} (names in the style of haproxy's and mysqld_exporter's). The control-loop
 * lateness histogram comes from the loop's own lock-free buckets.
 */
final class StatusMetrics implements MultiCollector {
    static final List<String> STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT");

    private final StatusBoard board;
    private final LatenessHistogram lateness;

    StatusMetrics(StatusBoard board, LatenessHistogram lateness) {
        this.board = board;
        this.lateness = lateness;
    }

    @Override
    public MetricSnapshots collect() {
        DaemonStatus s = board.now();
        List<MetricSnapshot> out = new ArrayList<>();
        List<InstanceView> is = s.instances();
        out.add(GaugeSnapshot.builder().name("tandem_maintenance")
                .help("1 while 'tandem maintenance on' holds the placement (tracking does not move VIPs)")
                .dataPoint(gauge(s.maintenanceSince().isPresent() ? 1 : 0)).build());

        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("tandem_vrrp_state")
                .help("1 for the state each vrrp_instance is in, 0 for the others");
        for (InstanceView i : is) {
            for (String st : STATES) {
                state.dataPoint(gauge(i.state().equals(st) ? 1 : 0, "instance", i.name(), "state", st));
            }
        }
        out.add(state.build());
        out.add(gauges("tandem_vrrp_priority", "Effective priority (base priority plus tracking)", is,
                InstanceView::effectivePriority));
        out.add(gauges("tandem_vrrp_base_priority", "Configured priority", is, InstanceView::basePriority));
        out.add(counters("tandem_vrrp_transitions", "State changes of each vrrp_instance", is, InstanceView::transitions));
        out.add(counters("tandem_vrrp_became_master", "Times each vrrp_instance became MASTER", is, InstanceView::becameMaster));
        out.add(counters("tandem_adverts_sent", "VRRP adverts sent", is, InstanceView::advertsSent));
        out.add(counters("tandem_adverts_received", "VRRP adverts accepted", is, InstanceView::advertsReceived));
        out.add(counters("tandem_adverts_priority_zero_received", "Priority-0 adverts accepted (a master stopping)", is,
                InstanceView::priorityZeroReceived));

        CounterSnapshot.Builder dropped = CounterSnapshot.builder().name("tandem_adverts_dropped")
                .help("VRRP packets dropped on each socket, per reason");
        for (ChannelView c : s.channels()) {
            // every reason, 0 included: rate() and alerts need the series before the first drop
            for (io.tandem.vrrp.Reason reason : io.tandem.vrrp.Reason.values()) {
                dropped.dataPoint(counter(c.drops().getOrDefault(reason.name(), 0L), "channel", c.name(), "reason",
                        reason.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        out.add(dropped.build());

        GaugeSnapshot.Builder checkUp = GaugeSnapshot.builder().name("tandem_check_up")
                .help("1 when the vrrp_script is up, 0 when down, -1 before its first result");
        GaugeSnapshot.Builder checkTook = GaugeSnapshot.builder().name("tandem_check_duration_seconds")
                .help("How long the last run of each vrrp_script took");
        for (CheckView c : s.checks()) {
            checkUp.dataPoint(gauge(c.state().equals("up") ? 1 : c.state().equals("down") ? 0 : -1, "check", c.name()));
            c.last().ifPresent(r -> checkTook.dataPoint(gauge(r.took().toNanos() / 1e9, "check", c.name())));
        }
        out.add(checkUp.build());
        out.add(checkTook.build());

        GaugeSnapshot.Builder writable = GaugeSnapshot.builder().name("tandem_mysql_writable")
                .help("1 when the local mysqld of the instance takes writes, 0 when fenced, -1 when unknown");
        GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("tandem_mysql_replication_lag_seconds")
                .help("Seconds_Behind_Master of the local mysqld (absent when unknown)");
        GaugeSnapshot.Builder io = GaugeSnapshot.builder().name("tandem_mysql_replication_io_running")
                .help("1 when the replication IO thread runs");
        GaugeSnapshot.Builder sql = GaugeSnapshot.builder().name("tandem_mysql_replication_sql_running")
                .help("1 when the replication SQL thread runs");
        for (InstanceView i : is) {
            if (i.mysql().isEmpty()) {
                continue;
            }
            MysqlView m = i.mysql().get();
            writable.dataPoint(gauge(m.role().equals("writable") ? 1 : m.role().equals("fenced") ? 0 : -1, "instance", i.name()));
            m.replica().ifPresent(r -> {
                r.lagSeconds().ifPresent(l -> lag.dataPoint(gauge(l, "instance", i.name())));
                io.dataPoint(gauge(r.ioRunning() ? 1 : 0, "instance", i.name()));
                sql.dataPoint(gauge(r.sqlRunning() ? 1 : 0, "instance", i.name()));
            });
        }
        out.add(writable.build());
        out.add(lag.build());
        out.add(io.build());
        out.add(sql.build());

        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("tandem_backend_up")
                .help("1 when the real_server takes new connections");
        GaugeSnapshot.Builder drained = GaugeSnapshot.builder().name("tandem_backend_drained")
                .help("1 while an operator has the real_server drained (tandem drain): no new connections, open ones finish");
        GaugeSnapshot.Builder weight = GaugeSnapshot.builder().name("tandem_backend_weight").help("Current weight");
        GaugeSnapshot.Builder active = GaugeSnapshot.builder().name("tandem_backend_connections")
                .help("Connections open to the real_server now");
        CounterSnapshot.Builder total = CounterSnapshot.builder().name("tandem_backend_sessions")
                .help("Connections sent to the real_server since start");
        CounterSnapshot.Builder in = CounterSnapshot.builder().name("tandem_backend_bytes_in")
                .help("Bytes relayed from clients to the real_server");
        CounterSnapshot.Builder outBytes = CounterSnapshot.builder().name("tandem_backend_bytes_out")
                .help("Bytes relayed from the real_server to clients");
        GaugeSnapshot.Builder blag = GaugeSnapshot.builder().name("tandem_backend_replication_lag_seconds")
                .help("Replication lag its MYSQL_CHECK last measured");
        GaugeSnapshot.Builder queued = GaugeSnapshot.builder().name("tandem_virtual_server_queued")
                .help("Clients waiting now for a slot: every real_server they could use is at its uthreshold");
        CounterSnapshot.Builder refused = CounterSnapshot.builder().name("tandem_virtual_server_refused")
                .help("Connections closed since start because nothing could take them");
        for (VirtualServerView v : s.virtualServers()) {
            String vs = v.address() + ":" + v.port();
            queued.dataPoint(gauge(v.queued(), "virtual_server", vs));
            refused.dataPoint(counter(v.refused(), "virtual_server", vs));
            for (VirtualServerView.Backend b : v.backends()) {
                String[] l = {"virtual_server", vs, "backend", b.address() + ":" + b.port()};
                up.dataPoint(gauge(b.state().equals("up") ? 1 : 0, l));
                drained.dataPoint(gauge(b.drained() ? 1 : 0, l));
                weight.dataPoint(gauge(b.weight(), l));
                active.dataPoint(gauge(b.active(), l));
                total.dataPoint(counter(b.total(), l));
                in.dataPoint(counter(b.bytesIn(), l));
                outBytes.dataPoint(counter(b.bytesOut(), l));
                b.lagSeconds().ifPresent(x -> blag.dataPoint(gauge(x, l)));
            }
        }
        out.add(queued.build());
        out.add(refused.build());
        out.add(up.build());
        out.add(drained.build());
        out.add(weight.build());
        out.add(active.build());
        out.add(total.build());
        out.add(in.build());
        out.add(outBytes.build());
        out.add(blag.build());

        long[] counts = lateness.counts();
        out.add(HistogramSnapshot.builder().name("tandem_control_loop_lateness_seconds")
                .help("How late control-loop timers ran (GC pauses, CPU starvation, a suspended host)")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds(), counts))
                        .sum(lateness.sumSeconds()).build())
                .build());
        return new MetricSnapshots(out);
    }

    private static double[] bounds() {
        double[] b = new double[LatenessHistogram.BOUNDS.length + 1];
        System.arraycopy(LatenessHistogram.BOUNDS, 0, b, 0, LatenessHistogram.BOUNDS.length);
        b[b.length - 1] = Double.POSITIVE_INFINITY;
        return b;
    }

    private static GaugeSnapshot gauges(String name, String help, List<InstanceView> is, ToDoubleFunction<InstanceView> f) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        is.forEach(i -> g.dataPoint(gauge(f.applyAsDouble(i), "instance", i.name())));
        return g.build();
    }

    private static CounterSnapshot counters(String name, String help, List<InstanceView> is, ToDoubleFunction<InstanceView> f) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        is.forEach(i -> c.dataPoint(counter(f.applyAsDouble(i), "instance", i.name())));
        return c.build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(double v, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(v).build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot counter(double v, String... labels) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(v).build();
    }
}
