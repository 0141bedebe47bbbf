package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** The benchmark's markdown report: the outage table, where the time goes, start-up, memory, raw samples. */
final class Report {
    private final List<Settings> phases;
    private final List<Event> events;
    private final List<DaemonKind> kinds;
    private final List<Sample> samples;
    private final List<Startup> startups;
    private final Map<String, Map<String, Long>> rss; // "Tandem 1 s" -> label -> KiB
    private final List<String> header;
    private final double probePeriodMs;

    Report(List<Settings> phases, List<Event> events, List<DaemonKind> kinds, List<Sample> samples, List<Startup> startups,
           Map<String, Map<String, Long>> rss, List<String> header, double probePeriodMs) {
        this.phases = phases;
        this.events = events;
        this.kinds = kinds;
        this.samples = samples;
        this.startups = startups;
        this.rss = rss;
        this.header = header;
        this.probePeriodMs = probePeriodMs;
    }

    private Stats stats(DaemonKind k, Event e, Settings s, Function<Sample, Double> value) {
        return Stats.of(samples.stream().filter(x -> x.kind == k && x.event == e && x.settings.equals(s))
                .map(value).toList());
    }

    private long failures(DaemonKind k, Event e, Settings s) {
        return samples.stream().filter(x -> x.kind == k && x.event == e && x.settings.equals(s) && !x.ok).count();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## VRRP failover: Tandem vs keepalived 2.2.7 (client outage)\n\n");
        header.forEach(h -> b.append(h).append('\n'));
        b.append('\n');
        outageTable(b);
        b.append('\n');
        breakdownTable(b);
        b.append('\n');
        startupTable(b);
        b.append('\n');
        rssTable(b);
        b.append('\n');
        rawSamples(b);
        return b.toString();
    }

    private void outageTable(StringBuilder b) {
        boolean both = kinds.size() == 2;
        b.append("Client outage in ms (median / max over the repetitions; the probe period, ")
                .append(Stats.fmt(probePeriodMs)).append(" ms, is the resolution and the floor):\n\n");
        b.append("| event | advert | Tandem median | Tandem max | keepalived median | keepalived max | ratio of medians T/k"
                + " | target | Tandem meets target (median / max) | no worse than keepalived (median / max) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Settings s : phases) {
            for (Event e : events) {
                Stats t = kinds.contains(DaemonKind.TANDEM) ? stats(DaemonKind.TANDEM, e, s, x -> x.outageMs) : Stats.NONE;
                Stats k = kinds.contains(DaemonKind.KEEPALIVED) ? stats(DaemonKind.KEEPALIVED, e, s, x -> x.outageMs) : Stats.NONE;
                double target = switch (e) {
                    case CRASH -> s.crashTarget().toNanos() / 1e6;
                    case STOP -> s.stopTarget().toNanos() / 1e6;
                    case FAILBACK -> Double.NaN;
                };
                String targetText = switch (e) {
                    case CRASH -> "≤ " + Stats.fmt(target) + " (3×advert + skew + 20)";
                    case STOP -> "≤ " + Stats.fmt(target) + " (skew + 20)";
                    case FAILBACK -> "≤ keepalived";
                };
                String meets = Double.isNaN(target) || t.n() == 0 ? "–"
                        : yes(t.median() <= target) + " / " + yes(t.max() <= target);
                String noWorse = both && t.n() > 0 && k.n() > 0
                        ? yes(t.median() <= k.median() + probePeriodMs) + " / " + yes(t.max() <= k.max() + probePeriodMs)
                        : "–";
                long tf = failures(DaemonKind.TANDEM, e, s);
                long kf = failures(DaemonKind.KEEPALIVED, e, s);
                b.append("| ").append(e.label()).append(" | ").append(s.label())
                        .append(" | ").append(Stats.fmt(t.median())).append(" | ").append(Stats.fmt(t.max()))
                        .append(tf > 0 ? " (" + tf + " timed out)" : "")
                        .append(" | ").append(Stats.fmt(k.median())).append(" | ").append(Stats.fmt(k.max()))
                        .append(kf > 0 ? " (" + kf + " timed out)" : "")
                        .append(" | ").append(both && k.median() > 0 ? String.format(Locale.ROOT, "%.2f", t.median() / k.median()) : "–")
                        .append(" | ").append(targetText).append(" | ").append(meets).append(" | ").append(noWorse)
                        .append(" |\n");
            }
        }
        b.append("\n\"No worse\" allows one probe period (").append(Stats.fmt(probePeriodMs))
                .append(" ms) of measurement resolution.\n");
    }

    private static String yes(boolean b) {
        return b ? "yes" : "**no**";
    }

    private void breakdownTable(StringBuilder b) {
        b.append("Where the time goes (medians in ms, from the client host's capture; \"late\" = the new master's first"
                + " advert minus when its timers make it due, median / max):\n\n");
        b.append("| event | advert | daemon | SIGTERM → priority 0 advert | fault → new master's first advert | due by the timers"
                + " | late (median / max) | advert → first GARP | GARP → client answer | fault → client answer |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Settings s : phases) {
            for (Event e : events) {
                for (DaemonKind k : kinds) {
                    Stats late = stats(k, e, s, Sample::lateMs);
                    b.append("| ").append(e.label()).append(" | ").append(s.label()).append(" | ").append(k.label())
                            .append(" | ").append(e == Event.STOP ? Stats.fmt(stats(k, e, s, x -> x.toPriorityZeroMs).median()) : "–")
                            .append(" | ").append(Stats.fmt(stats(k, e, s, x -> x.toNewAdvertMs).median()))
                            .append(" | ").append(Stats.fmt(stats(k, e, s, x -> x.expectedAdvertMs).median()))
                            .append(" | ").append(Stats.fmt(late.median())).append(" / ").append(Stats.fmt(late.max()))
                            .append(" | ").append(Stats.fmt(stats(k, e, s, x -> x.advertToGarpMs).median()))
                            .append(" | ").append(Stats.fmt(stats(k, e, s, x -> x.garpToAnswerMs).median()))
                            .append(" | ").append(Stats.fmt(stats(k, e, s, x -> x.faultToAnswerMs).median()))
                            .append(" |\n");
                }
            }
        }
        b.append("\nFor failback the fault is the restart (spawn) of db1's daemon; its first advert is due one"
                + " Master_Down_Interval after it starts, so \"late\" there is the daemon's own start-up time.\n");
    }

    private void startupTable(StringBuilder b) {
        if (startups.isEmpty()) {
            return;
        }
        b.append("Start-up to first advert (db1 restarted while db2 is master; every restart of the run, failback and"
                + " after crash), ms:\n\n");
        b.append("| daemon | advert | restarts | spawn → first advert (median / max) | Master_Down_Interval (protocol wait)"
                + " | start-up cost = difference (median / max) |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Settings s : phases) {
            for (DaemonKind k : kinds) {
                Predicate<Startup> sel = x -> x.kind() == k && x.settings().equals(s);
                List<Startup> mine = startups.stream().filter(sel).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                Stats to = Stats.of(mine.stream().map(Startup::toAdvertMs).toList());
                Stats over = Stats.of(mine.stream().map(Startup::overheadMs).toList());
                b.append("| ").append(k.label()).append(" | ").append(s.label()).append(" | ").append(to.n())
                        .append(" | ").append(Stats.fmt(to.median())).append(" / ").append(Stats.fmt(to.max()))
                        .append(" | ").append(Stats.fmt(mine.getFirst().masterDownMs()))
                        .append(" | ").append(Stats.fmt(over.median())).append(" / ").append(Stats.fmt(over.max()))
                        .append(" |\n");
            }
        }
    }

    private void rssTable(StringBuilder b) {
        if (rss.isEmpty()) {
            return;
        }
        b.append("Resident memory (VmRSS from /proc/PID/status) at the end of each phase, MiB; db1 was restarted"
                + " during the phase, db2 ran through it:\n\n");
        b.append("| daemon, phase | process | VmRSS |\n|---|---|---|\n");
        rss.forEach((phase, m) -> m.forEach((label, kib) -> b.append("| ").append(phase).append(" | ").append(label)
                .append(" | ").append(kib < 0 ? "–" : String.format(Locale.ROOT, "%.1f", kib / 1024.0)).append(" |\n")));
    }

    private void rawSamples(StringBuilder b) {
        b.append("Raw samples (ms; wall-clock fault time in µs since the epoch):\n\n```\n");
        b.append(csvHeader()).append('\n');
        for (String line : csvLines()) {
            b.append(line).append('\n');
        }
        b.append("```\n\nStart-ups:\n\n```\n");
        b.append("daemon,advert,rep,context,spawn_us,spawn_to_first_advert_ms,master_down_ms\n");
        for (Startup s : startups) {
            b.append(String.join(",", s.kind().label(), s.settings().label(), Integer.toString(s.rep()), s.context(),
                    Long.toString(s.spawnMicros()), num(s.toAdvertMs()), num(s.masterDownMs()))).append('\n');
        }
        b.append("```\n");
    }

    static String csvHeader() {
        return "daemon,event,advert,version,rep,ok,outage_ms,fault_to_answer_ms,last_answer_from,failed_probes_after,"
                + "fault_after_advert_ms,sigterm_to_prio0_ms,fault_to_new_advert_ms,new_advert_due_ms,advert_to_garp_ms,garp_to_answer_ms,fault_us,note";
    }

    List<String> csvLines() {
        List<String> out = new ArrayList<>();
        for (Sample s : samples) {
            out.add(String.join(",", s.kind.label(), s.event.label(), s.settings.label(), "v" + s.settings.version(),
                    Integer.toString(s.rep), Boolean.toString(s.ok), num(s.outageMs), num(s.faultToAnswerMs), s.lastAnswerFrom,
                    Integer.toString(s.failuresAfter), num(s.afterAdvertMs), num(s.toPriorityZeroMs), num(s.toNewAdvertMs), num(s.expectedAdvertMs),
                    num(s.advertToGarpMs), num(s.garpToAnswerMs), Long.toString(s.faultMicros),
                    s.note.replace(',', ';')));
        }
        return out;
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
    }
}
