package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The MySQL failover benchmark's report: per configuration the time from kill -9 of the master's
 * mysqld to the VIP on the other master and to the first write it acknowledged (median and max),
 * Tandem's targets, the ratios of Tandem to each keepalived configuration, where Tandem's time
 * goes (from its log), the exact configurations, and every sample; plus the samples as csv.
 */
final class MysqlReport {
    /** Issue 4's targets with Tandem's defaults, in ms. */
    static final double VIP_TARGET_MS = 500;
    static final double WRITE_TARGET_MS = 1000;

    private final List<MysqlVariant> variants;
    private final List<MysqlSample> samples;
    private final List<String> header;
    private final Map<MysqlVariant, String> configs;
    private final String checkScript;

    /**
     * @param configs     db1's configuration file per variant, as written
     * @param checkScript keepalived's check script on db1 (empty when no keepalived variant ran)
     */
    MysqlReport(List<MysqlVariant> variants, List<MysqlSample> samples, List<String> header, Map<MysqlVariant, String> configs,
                String checkScript) {
        this.variants = List.copyOf(variants);
        this.samples = List.copyOf(samples);
        this.header = List.copyOf(header);
        this.configs = Map.copyOf(configs);
        this.checkScript = checkScript;
    }

    Stats stats(MysqlVariant v, ToDoubleFunction<MysqlSample> value) {
        return Stats.of(samples.stream().filter(s -> s.variant == v && s.ok).map(s -> value.applyAsDouble(s)).toList());
    }

    long failures(MysqlVariant v) {
        return samples.stream().filter(s -> s.variant == v && !s.ok).count();
    }

    /** "yes" when the value meets the target, "no" otherwise, "–" when there is none. */
    static String met(double value, double target) {
        return Double.isNaN(value) ? "–" : value <= target ? "yes" : "no";
    }

    /** Ratio of two medians with two decimals, "–" when either is missing. */
    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String mm(Stats s) {
        return Stats.fmt(s.median()) + " / " + Stats.fmt(s.max());
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## MySQL failover: Tandem vs keepalived 2.2.7 (kill -9 of the master's mysqld)\n\n");
        header.forEach(h -> b.append(h).append('\n'));
        b.append('\n');
        mainTable(b);
        b.append('\n');
        ratioTable(b);
        b.append('\n');
        tandemTable(b);
        b.append('\n');
        configurations(b);
        b.append('\n');
        rawSamples(b);
        return b.toString();
    }

    private void mainTable(StringBuilder b) {
        b.append("Milliseconds from the SIGKILL, median / max over the repetitions (VIP: db2's addresses polled every ")
                .append(VipWatcher.PERIOD_MS).append(" ms; write: the first insert acknowledged by db2's server_id):\n\n");
        b.append("| configuration | n | VIP on db2 | first write on db2 | VIP → write (median) | failed inserts (median) | target ≤ ")
                .append(Stats.fmt(VIP_TARGET_MS)).append(" VIP / ≤ ").append(Stats.fmt(WRITE_TARGET_MS))
                .append(" write, median / max |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (MysqlVariant v : variants) {
            Stats vip = stats(v, s -> s.vipMs);
            Stats write = stats(v, s -> s.writeMs);
            String target = !v.tandem() ? "–" : "VIP " + met(vip.median(), VIP_TARGET_MS) + " / " + met(vip.max(), VIP_TARGET_MS)
                    + "; write " + met(write.median(), WRITE_TARGET_MS) + " / " + met(write.max(), WRITE_TARGET_MS);
            long failed = failures(v);
            b.append("| ").append(v.label()).append(" | ").append(vip.n()).append(failed > 0 ? " (" + failed + " failed)" : "")
                    .append(" | ").append(mm(vip)).append(" | ").append(mm(write)).append(" | ")
                    .append(Stats.fmt(stats(v, MysqlSample::vipToWriteMs).median())).append(" | ")
                    .append(Stats.fmt(stats(v, s -> s.failedWrites).median())).append(" | ").append(target).append(" |\n");
        }
    }

    private void ratioTable(StringBuilder b) {
        List<MysqlVariant> tandem = variants.stream().filter(MysqlVariant::tandem).toList();
        List<MysqlVariant> keepalived = variants.stream().filter(v -> !v.tandem()).toList();
        if (tandem.isEmpty() || keepalived.isEmpty()) {
            return;
        }
        b.append("Ratio Tandem / keepalived (of medians, and of maxima):\n\n");
        b.append("| Tandem | keepalived | VIP on db2, medians | VIP on db2, maxima | first write, medians | first write, maxima |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (MysqlVariant t : tandem) {
            for (MysqlVariant k : keepalived) {
                Stats tv = stats(t, s -> s.vipMs);
                Stats kv = stats(k, s -> s.vipMs);
                Stats tw = stats(t, s -> s.writeMs);
                Stats kw = stats(k, s -> s.writeMs);
                b.append("| ").append(t.label()).append(" | ").append(k.label()).append(" | ")
                        .append(ratio(tv.median(), kv.median())).append(" | ").append(ratio(tv.max(), kv.max())).append(" | ")
                        .append(ratio(tw.median(), kw.median())).append(" | ").append(ratio(tw.max(), kw.max())).append(" |\n");
            }
        }
    }

    private void tandemTable(StringBuilder b) {
        List<MysqlVariant> tandem = variants.stream().filter(MysqlVariant::tandem).toList();
        if (tandem.isEmpty()) {
            return;
        }
        b.append("Where Tandem's time goes (ms from the SIGKILL, median / max; from Tandem's own log lines, millisecond"
                + " timestamps): db1's check fails and its instance enters FAULT (priority 0 advert); db2, the sole backup,"
                + " becomes MASTER at once and adds the VIP; db2 logs writes on (old master unreachable, nothing left to apply,"
                + " read_only off); the client's next insert succeeds:\n\n");
        b.append("| configuration | db1 MASTER → FAULT | db2 BACKUP → MASTER | VIP on db2 | db2 writes on | first write |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (MysqlVariant v : tandem) {
            b.append("| ").append(v.label()).append(" | ").append(mm(stats(v, s -> s.faultMs))).append(" | ")
                    .append(mm(stats(v, s -> s.masterMs))).append(" | ").append(mm(stats(v, s -> s.vipMs))).append(" | ")
                    .append(mm(stats(v, s -> s.writesOnMs))).append(" | ").append(mm(stats(v, s -> s.writeMs))).append(" |\n");
        }
    }

    private void configurations(StringBuilder b) {
        b.append("### Configurations (db1; db2 has priority 100 and its own addresses)\n");
        for (MysqlVariant v : variants) {
            String conf = configs.get(v);
            if (conf == null) {
                continue;
            }
            b.append("\n").append(v.label()).append(":\n\n```\n").append(conf.strip()).append("\n```\n");
        }
        if (!checkScript.isEmpty()) {
            b.append("\nkeepalived's check_mysql.sh on db1:\n\n```bash\n").append(checkScript.strip()).append("\n```\n");
        }
    }

    private void rawSamples(StringBuilder b) {
        b.append("### Samples (ms from the SIGKILL)\n\n");
        b.append("| configuration | rep | VIP on db2 | first write | failed inserts | longest failed attempt | last ack before kill"
                + " | db1 FAULT | db2 MASTER | db2 writes on | back to db1 | note |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MysqlSample s : samples) {
            b.append("| ").append(s.variant.label()).append(" | ").append(s.rep).append(" | ").append(Stats.fmt(s.vipMs))
                    .append(" | ").append(Stats.fmt(s.writeMs)).append(" | ").append(s.failedWrites).append(" | ")
                    .append(Stats.fmt(s.slowestFailMs)).append(s.slowestFail.isEmpty() ? "" : " (" + shortError(s.slowestFail) + ")")
                    .append(" | ").append(Stats.fmt(s.lastAckBeforeMs)).append(" | ").append(Stats.fmt(s.faultMs)).append(" | ")
                    .append(Stats.fmt(s.masterMs)).append(" | ").append(Stats.fmt(s.writesOnMs)).append(" | ")
                    .append(Stats.fmt(s.restoreMs)).append(" | ").append(s.note.replace('|', '/').replace('\n', ' '))
                    .append(" |\n");
        }
    }

    /** The gist of a driver error for the table: the usual ones by name, others cut to 60 characters (the csv has them whole). */
    static String shortError(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("timed out") || lower.contains("timeout")) {
            return "timed out";
        }
        if (lower.contains("connection refused")) {
            return "refused";
        }
        if (lower.contains("read-only") || lower.contains("read_only")) {
            return "read-only";
        }
        String e = error.replaceAll("\\(conn=\\d+\\) ", "").replace('|', '/').replace('\n', ' ').strip();
        return e.length() > 60 ? e.substring(0, 57) + "..." : e;
    }

    static String csvHeader() {
        return "variant,rep,kill_epoch_ms,ok,vip_ms,write_ms,vip_to_write_ms,failed_inserts,slowest_fail_ms,last_ack_before_ms,fault_ms,master_ms,"
                + "writes_on_ms,restore_ms,note";
    }

    List<String> csvLines() {
        List<String> out = new ArrayList<>();
        for (MysqlSample s : samples) {
            out.add(String.join(",", s.variant.id(), Integer.toString(s.rep), Long.toString(s.killMillis), Boolean.toString(s.ok),
                    num(s.vipMs), num(s.writeMs), num(s.vipToWriteMs()), Integer.toString(s.failedWrites), num(s.slowestFailMs), num(s.lastAckBeforeMs),
                    num(s.faultMs), num(s.masterMs), num(s.writesOnMs), num(s.restoreMs),
                    "\"" + (s.note + (s.slowestFail.isEmpty() ? "" : " longest failure: " + s.slowestFail))
                            .replace("\"", "'").replace('\n', ' ').strip() + "\""));
        }
        return out;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }
}
