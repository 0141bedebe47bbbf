package io.tandem.bench;

import io.tandem.lab.Lab;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The VRRP failover benchmark: Tandem and keepalived with the same settings in the same run.
 *
 * <p>For each advert interval, two labs are built, one per daemon (each: db1 at priority 150, db2
 * at 100, VRID 51, the VIP on eth0, and a client host). Each host runs a tiny TCP service; the
 * client connects to the VIP every 5 ms and records who answered. Then, N times, alternating
 * between the two pairs (and swapping which goes first every repetition, so noise on this machine
 * hits both): a crash of the master (its service and daemon die at once; the pair is restored
 * afterwards), and a graceful stop of the master's daemon followed by its restart (failback). The
 * client outage of each is the time between the last answer before the new owner's first answer
 * and that answer. A capture on the client host splits each outage into its parts.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'target/dist/lib/*' io.tandem.bench.VrrpBench \
 *     [--reps N] [--rows crash,stop,failback] [--adverts 1,0.1] [--vrrp-version 3] \
 *     [--daemons tandem,keepalived] [--dist target/dist] [--out target/bench] \
 *     [--probe-period-ms 5] [--probe-timeout-ms 50] [--port 7777]
 * </pre>
 *
 * Writes {@code OUT/vrrp-failover-<time>.md} (and {@code .csv}) and prints the same report. Needs
 * root, iproute2, tcpdump and keepalived.
 *
 * <p>{@code --rows flood} runs another scenario instead ({@link FloodBench}): a third host floods
 * each pair with invalid adverts (VRRPv2 with a password, whole-second adverts) at each of
 * {@code --flood-rates} (default 2,20,200 a second) for {@code --flood-seconds} (default 20), for
 * each of {@code --flood-kinds} (mixed, password, interval, checksum; default mixed), and reports
 * VIP moves, client outage and the master's adverts against the expected count, per daemon.
 */
public final class VrrpBench {
    private final PrintStream out;
    private int reps = 5;
    private List<Event> events = List.of(Event.CRASH, Event.STOP, Event.FAILBACK);
    private List<BigDecimal> adverts = List.of(new BigDecimal("1"), new BigDecimal("0.1"));
    private int version = 3;
    private List<DaemonKind> kinds = List.of(DaemonKind.TANDEM, DaemonKind.KEEPALIVED);
    private Path dist = Path.of("target/dist");
    private Path outDir = Path.of("target/bench");
    private int probePeriodMs = 5;
    private int probeTimeoutMs = 50;
    private int port = 7777;
    private boolean flood;
    private List<Integer> floodRates = List.of(2, 20, 200);
    private int floodSeconds = 20;
    private List<Flood.Kind> floodKinds = List.of(Flood.Kind.MIXED);

    private VrrpBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        VrrpBench bench = new VrrpBench(System.out);
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-vrrp: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
        if (!Lab.isSupported()) {
            System.err.println("bench-vrrp: needs root and iproute2");
            System.exit(2);
        }
        Path launcher = bench.dist.resolve("bin").resolve("tandem").toAbsolutePath();
        if (bench.kinds.contains(DaemonKind.TANDEM) && !Files.isExecutable(launcher)) {
            System.err.println("bench-vrrp: " + launcher + " missing; build first (scripts/build)");
            System.exit(2);
        }
        System.exit(bench.run(launcher));
    }

    static String usage() {
        return """
                usage: bench-vrrp [--reps N] [--rows crash,stop,failback] [--adverts 1,0.1] [--vrrp-version 2|3]
                                  [--daemons tandem,keepalived] [--dist DIR] [--out DIR]
                                  [--probe-period-ms 5] [--probe-timeout-ms 50] [--port 7777]
                  --reps N          repetitions of each row per daemon (default 5)
                  --rows LIST       crash, stop, failback (stop and failback share one cycle: either measures both)
                  --adverts LIST    advert_int values in seconds (default 1,0.1; VRRPv2 takes whole seconds only)
                  --vrrp-version V  3 (default) or 2
                  --daemons LIST    tandem, keepalived (default both)
                  --rows flood      instead: invalid adverts from a third host (needs --vrrp-version 2, whole-second adverts)
                  --flood-rates LIST     adverts per second (default 2,20,200)
                  --flood-seconds N      length of each flood (default 20)
                  --flood-kinds LIST     mixed, password, interval, checksum (default mixed)""";
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--reps", "-n" -> reps = Integer.parseInt(v);
                    case "--rows" -> {
                        List<String> rows = Arrays.stream(v.split(",")).map(String::strip).distinct().toList();
                        flood = rows.contains("flood");
                        if (flood && rows.size() > 1) {
                            throw new IllegalArgumentException("--rows flood runs on its own");
                        }
                        events = flood ? List.of() : rows.stream().map(VrrpBench::event).toList();
                    }
                    case "--flood-rates" -> floodRates = Arrays.stream(v.split(",")).map(String::strip).map(Integer::parseInt).toList();
                    case "--flood-seconds" -> floodSeconds = Integer.parseInt(v);
                    case "--flood-kinds" -> floodKinds = Arrays.stream(v.split(",")).map(String::strip).map(Flood.Kind::parse)
                            .distinct().toList();
                    case "--adverts" -> adverts = Arrays.stream(v.split(",")).map(String::strip).map(BigDecimal::new).toList();
                    case "--vrrp-version" -> version = Integer.parseInt(v);
                    case "--daemons" -> kinds = Arrays.stream(v.split(",")).map(String::strip).map(VrrpBench::kind).distinct()
                            .sorted().toList();
                    case "--dist" -> dist = Path.of(v);
                    case "--out" -> outDir = Path.of(v);
                    case "--probe-period-ms" -> probePeriodMs = Integer.parseInt(v);
                    case "--probe-timeout-ms" -> probeTimeoutMs = Integer.parseInt(v);
                    case "--port" -> port = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number for " + a + ": " + v);
            }
        }
        if (reps < 1 || reps > 100) {
            throw new IllegalArgumentException("--reps must be 1..100");
        }
        if (probePeriodMs < 1 || probeTimeoutMs < probePeriodMs || port < 1024 || port > 65535) {
            throw new IllegalArgumentException("bad probe period/timeout or port");
        }
        adverts.forEach(ad -> new Settings(version, ad)); // validates
        if (flood) {
            if (version != 2 || adverts.size() != 1) {
                throw new IllegalArgumentException("--rows flood needs --vrrp-version 2 and one whole-second --adverts value"
                        + " (VRRPv3 has no password, and a v3 advert with another interval is valid)");
            }
            if (floodRates.isEmpty() || floodRates.stream().anyMatch(r -> r < 1 || r > 1000) || floodSeconds < 1 || floodSeconds > 300) {
                throw new IllegalArgumentException("--flood-rates must be 1..1000 a second, --flood-seconds 1..300");
            }
        }
    }

    private static Event event(String s) {
        return switch (s) {
            case "crash" -> Event.CRASH;
            case "stop" -> Event.STOP;
            case "failback" -> Event.FAILBACK;
            default -> throw new IllegalArgumentException("unknown row " + s + " (crash, stop, failback, or flood alone)");
        };
    }

    private static DaemonKind kind(String s) {
        return switch (s) {
            case "tandem" -> DaemonKind.TANDEM;
            case "keepalived" -> DaemonKind.KEEPALIVED;
            default -> throw new IllegalArgumentException("unknown daemon " + s + " (tandem, keepalived)");
        };
    }

    private int run(Path launcher) throws Exception {
        if (flood) {
            Settings settings = new Settings(version, adverts.getFirst()).withPassword(FloodBench.PASSWORD);
            String runLine = "Run " + DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, load average before: " + loadAverage()
                    + "; " + versionLine("keepalived") + ".";
            return new FloodBench(out).run(settings, kinds, floodKinds, floodRates, Duration.ofSeconds(floodSeconds), launcher, port,
                    Duration.ofMillis(probePeriodMs), Duration.ofMillis(probeTimeoutMs), outDir, runLine);
        }
        boolean crash = events.contains(Event.CRASH);
        boolean stopCycle = events.contains(Event.STOP) || events.contains(Event.FAILBACK);
        List<Event> reported = new ArrayList<>();
        if (crash) {
            reported.add(Event.CRASH);
        }
        if (stopCycle) {
            reported.add(Event.STOP);
            reported.add(Event.FAILBACK);
        }
        List<Settings> phases = adverts.stream().map(a -> new Settings(version, a)).toList();
        List<Sample> samples = new ArrayList<>();
        List<Startup> startups = new ArrayList<>();
        Map<String, Map<String, Long>> rss = new LinkedHashMap<>();
        List<String> header = new ArrayList<>();
        boolean failed = false;
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path files = outDir.resolve("vrrp-failover-" + stamp + "-files");
        header.add("Run " + DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + " on " + Runtime.getRuntime().availableProcessors() + " CPUs, load average before: " + loadAverage()
                + "; " + versionLine("keepalived") + "; bench JVM " + Runtime.version() + ".");
        header.add("Settings (identical for both daemons, keepalived.conf syntax): VRRPv" + version
                + ", VRID " + Settings.VRID + ", db1 priority " + Settings.MASTER_PRIORITY + ", db2 priority "
                + Settings.BACKUP_PRIORITY + ", both `state BACKUP` with preemption (default), one VIP /24 on eth0,"
                + " default GARP settings; " + reps + " repetitions per row and daemon, pairs alternating (order swapped"
                + " every repetition), each daemon in its own lab (bridge).");
        header.add("Client: a new TCP connection to VIP:" + port + " every " + probePeriodMs + " ms (non-blocking,"
                + " independent, given up after " + probeTimeoutMs + " ms), answered with the host's name by a"
                + " listener on each db host. Outage = from the last answer before the new owner's first answer to"
                + " that answer. Crash and stop are injected right after the client hears an advert of db1 (a"
                + " fixed phase: the backup's timer has just been reset, the worst case for a crash). Crash: db1's listener is closed and its daemon SIGKILLed at the same instant"
                + " (keepalived: its VRRP child, started with --dont-respawn). Graceful stop: SIGTERM to db1's"
                + " daemon, listener up. Failback: db1's daemon restarted after the stop.");
        try {
            for (Settings s : phases) {
                out.printf("%n=== advert_int %s, VRRPv%d, %d repetitions ===%n", s.label(), s.version(), reps);
                String loadBefore = loadAverage();
                List<Pair> pairs = new ArrayList<>();
                try {
                    for (DaemonKind k : kinds) {
                        pairs.add(Pair.open(k, s, launcher, out, port, Duration.ofMillis(probePeriodMs),
                                Duration.ofMillis(probeTimeoutMs),
                                files.resolve(k.label() + "-v" + s.version() + "-" + s.advert().stripTrailingZeros().toPlainString() + "s")));
                    }
                    try {
                        for (Pair p : pairs) {
                            p.startDaemons();
                            out.printf("  %s pair up in lab %s%n", p.kind().label(), p.lab().id());
                        }
                        for (int rep = 1; rep <= reps; rep++) {
                            List<Pair> order = new ArrayList<>(pairs);
                            if (rep % 2 == 0) {
                                java.util.Collections.reverse(order);
                            }
                            if (crash) {
                                for (Pair p : order) {
                                    p.crash(rep);
                                }
                            }
                            if (stopCycle) {
                                for (Pair p : order) {
                                    p.stopAndFailback(rep);
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        // keep what was measured so far; the report says the phase was cut short
                        out.println("  phase advert " + s.label() + " aborted: " + e.getMessage());
                        header.add("**Phase advert " + s.label() + " aborted**: " + e.getMessage().lines().findFirst().orElse(""));
                        failed = true;
                    }
                    for (Pair p : pairs) {
                        rss.put(p.kind().label() + ", " + s.label(), p.rss());
                        p.analyseCapture();
                        samples.addAll(p.samples());
                        startups.addAll(p.startups());
                    }
                } finally {
                    RuntimeException failure = null;
                    for (Pair p : pairs) {
                        try {
                            p.close();
                        } catch (RuntimeException e) {
                            failure = e;
                        }
                    }
                    if (failure != null) {
                        out.println("teardown: " + failure);
                    }
                }
                header.add("Phase advert " + s.label() + ": load average " + loadBefore + " before, " + loadAverage() + " after.");
            }
        } finally {
            header.add("Duration " + Duration.between(started, Instant.now()).toSeconds() + " s.");
        }
        samples.removeIf(x -> !reported.contains(x.event));
        Report report = new Report(phases, reported, kinds, samples, startups, rss, header, probePeriodMs);
        String md = report.markdown();
        out.println();
        out.println(md);
        Files.createDirectories(outDir);
        Path mdFile = outDir.resolve("vrrp-failover-" + stamp + ".md");
        Path csvFile = outDir.resolve("vrrp-failover-" + stamp + ".csv");
        Files.writeString(mdFile, md, StandardCharsets.UTF_8);
        List<String> csv = new ArrayList<>();
        csv.add(Report.csvHeader());
        csv.addAll(report.csvLines());
        Files.write(csvFile, csv, StandardCharsets.UTF_8);
        out.println("report: " + mdFile.toAbsolutePath() + "\nsamples: " + csvFile.toAbsolutePath()
                + "\ndaemon logs, configurations, client captures: " + files.toAbsolutePath());
        return !failed && samples.stream().allMatch(x -> x.ok) ? 0 : 1;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String versionLine(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            String text;
            try (var in = p.getInputStream()) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return text.lines().findFirst().orElse(program + " ?").strip();
        } catch (IOException e) {
            return program + " ?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return program + " ?";
        }
    }
}
