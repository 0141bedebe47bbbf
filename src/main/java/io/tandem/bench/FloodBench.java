package io.tandem.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code --rows flood} scenario of {@link VrrpBench}: the claim about keepalived ("2
 * bad adverts per second from a third host silenced the master and the VIP flapped") measured
 * side by side with Tandem. One pair per daemon (VRRPv2, {@code auth_type PASS}, same settings),
 * db1 master; for each kind of invalid advert and each rate, a third host floods the pair for the
 * given time while the client probes the VIP, then db1 must be the only owner again. The pairs
 * take turns, the order swapped every row. A benchmark, not a test: it reports, it asserts nothing
 * about the daemons.
 */
final class FloodBench {
    static final String PASSWORD = "s3cret";

    private final PrintStream out;

    FloodBench(PrintStream out) {
        this.out = out;
    }

    int run(Settings settings, List<DaemonKind> daemons, List<Flood.Kind> kinds, List<Integer> rates, Duration length,
            Path launcher, int port, Duration probePeriod, Duration probeTimeout, Path outDir, String runLine)
            throws Exception {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path files = outDir.resolve("vrrp-flood-" + stamp + "-files");
        List<Flood.Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        boolean failed = false;
        try {
            for (DaemonKind k : daemons) {
                pairs.add(Pair.open(k, settings, launcher, out, port, probePeriod, probeTimeout, files.resolve(k.label())));
            }
            for (Pair p : pairs) {
                p.startDaemons();
                out.printf("  %s pair up in lab %s%n", p.kind().label(), p.lab().id());
            }
            int row = 0;
            for (Flood.Kind kind : kinds) {
                for (int rate : rates) {
                    List<Pair> order = new ArrayList<>(pairs);
                    if (row++ % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (Pair p : order) {
                        results.add(p.flood(kind, rate, length));
                    }
                }
            }
        } catch (RuntimeException e) {
            out.println("  flood aborted: " + e.getMessage());
            notes.add("**Aborted**: " + e.getMessage().lines().findFirst().orElse(""));
            failed = true;
        } finally {
            for (Pair p : pairs) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    out.println("teardown: " + e);
                }
            }
        }
        String md = markdown(settings, results, length, probePeriod, probeTimeout, runLine, started, notes);
        out.println();
        out.println(md);
        Files.createDirectories(outDir);
        Path mdFile = outDir.resolve("vrrp-flood-" + stamp + ".md");
        Files.writeString(mdFile, md, StandardCharsets.UTF_8);
        out.println("report: " + mdFile.toAbsolutePath() + "\ndaemon logs, configurations, client captures: " + files.toAbsolutePath());
        return failed ? 1 : 0;
    }

    static String markdown(Settings s, List<Flood.Result> results, Duration length, Duration probePeriod, Duration probeTimeout,
                           String runLine, Instant started, List<String> notes) {
        StringBuilder b = new StringBuilder();
        b.append("### Flood of invalid adverts from a third host\n\n");
        b.append(runLine).append(' ').append("Settings (both daemons): VRRPv").append(s.version()).append(", advert_int ")
                .append(s.label()).append(", auth_type PASS, VRID ").append(Settings.VRID).append(", db1 priority ")
                .append(Settings.MASTER_PRIORITY).append(" (master), db2 ").append(Settings.BACKUP_PRIORITY)
                .append(". A third host multicasts adverts of VRID ").append(Settings.VRID).append(" at priority 200 for ")
                .append(length.toSeconds()).append(" s per row, each failing one check (mixed: the three in turn).")
                .append(" Client: a TCP connection to the VIP every ").append(probePeriod.toMillis())
                .append(" ms (given up after ").append(probeTimeout.toMillis()).append(" ms); host changes = how often the host answering")
                .append(" on the VIP changed; outage = the sum of the gaps between two answers with failed probes between them.")
                .append(" Adverts = live adverts of db1 (the master) and of db2 (sent only while it acts as master) heard by the client;")
                .append(" expected = flood length / advert_int.")
                .append(" Duration ").append(Duration.between(started, Instant.now()).toSeconds()).append(" s.\n\n");
        notes.forEach(n -> b.append(n).append("\n\n"));
        b.append("| invalid adverts | rate | daemon | sent | host changes | client outage | failed probes | master adverts (expected) | backup adverts |\n");
        b.append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Flood.Result r : results) {
            b.append("| ").append(r.kind().label()).append(" | ").append(r.rate()).append("/s | ").append(r.daemon().label())
                    .append(" | ").append(r.sent()).append(" | ").append(r.hostChanges()).append(" | ")
                    .append(String.format("%.0f ms", r.outageMs())).append(" | ").append(r.failedProbes()).append(" | ")
                    .append(r.masterAdverts()).append(" (").append(r.expectedAdverts()).append(") | ").append(r.backupAdverts())
                    .append(r.note().isEmpty() ? "" : " (" + r.note() + ")").append(" |\n");
        }
        return b.toString();
    }
}
