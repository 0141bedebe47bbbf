package io.tandem.bench;

import io.tandem.lab.Lab;
import io.tandem.lab.MariaDb;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The MySQL failover benchmark: time from kill -9 of the master's mysqld to the VIP on the other
 * master and to the first write through the VIP, Tandem against keepalived 2.2.7 in the same run.
 *
 * <p>One lab per {@link MysqlVariant} ({@link MysqlPair}: db1 at priority 150 and db2 at 100 with
 * MariaDB in master-master, a client host writing through the VIP without pause). Then N times,
 * alternating between the labs and reversing their order every repetition so noise on the machine
 * hits all of them: wait a random 0-1 s (so the kill falls at a random phase of the checks and
 * adverts), SIGKILL db1's mysqld, time the VIP on db2 and the first insert db2 acknowledges,
 * restart db1's mysqld and wait until db1 is the writable master again with replication both ways.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'target/dist/lib/*' io.tandem.bench.MysqlFailoverBench \
 *     [-n N] [--variants tandem,tandem-sample,tandem-fast,keepalived-weight,keepalived-fault] [--vrrp-version 2|3] \
 *     [--seed S] [--dist target/dist] [--out target/bench]
 * </pre>
 *
 * Writes {@code OUT/mysql-failover-<time>.md} and {@code .csv} and prints the report. Needs root,
 * iproute2, MariaDB and keepalived.
 */
public final class MysqlFailoverBench {
    private final PrintStream out;
    private int reps = 5;
    private List<MysqlVariant> variants = List.of(MysqlVariant.values());
    private int version = 2;
    private long seed = System.nanoTime() & 0xffffff;
    private Path dist = Path.of("target/dist");
    private Path outDir = Path.of("target/bench");

    private MysqlFailoverBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        MysqlFailoverBench bench = new MysqlFailoverBench(System.out);
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-mysql: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
        if (!Lab.isSupported() || !MariaDb.isInstalled()) {
            System.err.println("bench-mysql: needs root, iproute2 and mariadb-server");
            System.exit(2);
        }
        Path launcher = bench.dist.resolve("bin").resolve("tandem").toAbsolutePath();
        if (bench.variants.stream().anyMatch(MysqlVariant::tandem) && !Files.isExecutable(launcher)) {
            System.err.println("bench-mysql: " + launcher + " missing; build first (scripts/build)");
            System.exit(2);
        }
        System.exit(bench.run(launcher));
    }

    static String usage() {
        return """
                usage: bench-mysql [-n N] [--variants LIST] [--vrrp-version 2|3] [--seed S] [--dist DIR] [--out DIR]
                  -n N              repetitions per configuration (default 5)
                  --variants LIST   tandem (Tandem's defaults), tandem-sample (the README's sample timings),
                                    tandem-fast (interval 0.3 s, as the lab tests), keepalived-weight (vrrp_script
                                    weight -60), keepalived-fault (weight 0); default all five
                  --vrrp-version V  2 (default, as the seed) or 3; advert_int 1 either way
                  --seed S          seed of the random 0-1 s wait before each kill (default: from the clock; printed)""";
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
                    case "-n", "--reps" -> reps = Integer.parseInt(v);
                    case "--variants" -> variants = MysqlVariant.parseList(v);
                    case "--vrrp-version" -> version = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--dist" -> dist = Path.of(v);
                    case "--out" -> outDir = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number for " + a + ": " + v);
            }
        }
        if (reps < 1 || reps > 100) {
            throw new IllegalArgumentException("-n must be 1..100");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--variants is empty");
        }
        new MysqlConfigs(version, "10.0.0.1"); // validates the version
    }

    private int run(Path launcher) throws Exception {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path files = outDir.resolve("mysql-failover-" + stamp + "-files");
        Random random = new Random(seed);
        List<String> header = new ArrayList<>();
        header.add("Run " + DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)) + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs (shared with other work: read the numbers as rough),"
                + " load average before: " + loadAverage() + "; " + versionLine("keepalived", "--version") + "; "
                + versionLine("/usr/sbin/mariadbd", "--version") + "; bench JVM " + Runtime.version() + ".");
        header.add("Same VRRP settings for every configuration: VRRPv" + version + (version == 2 ? " (auth_type PASS)" : "")
                + ", VRID " + MysqlConfigs.VRID + ", advert_int " + MysqlConfigs.ADVERT_SECONDS + " s, db1 priority "
                + MysqlPair.MASTER_PRIORITY + ", db2 priority " + MysqlPair.BACKUP_PRIORITY + ", both state BACKUP with"
                + " preemption, one VIP /24 on eth0; MariaDB master-master (GTID, async), one lab (bridge) per configuration.");
        header.add("Tandem: both mysqld start with read_only=ON in their configuration; Tandem opens writes on its master."
                + " keepalived: both writable, as the seed's setup has them.");
        header.add("Client: one JDBC connection (MariaDB Connector/J, connectTimeout 500 ms, socketTimeout 1 s) inserting"
                + " unique rows through the VIP without pause; on an error a new connection after 5 ms (a read-only refusal"
                + " keeps the connection). " + reps + " repetitions per configuration, configurations alternating (order"
                + " reversed every repetition), each kill after a random 0-1 s wait (seed " + seed + ").");
        List<MysqlSample> samples = new ArrayList<>();
        Map<MysqlVariant, String> configs = new LinkedHashMap<>();
        String checkScript = "";
        boolean failed = false;
        List<MysqlPair> pairs = new ArrayList<>();
        try {
            for (MysqlVariant v : variants) {
                MysqlPair p = MysqlPair.open(v, version, launcher, out, files.resolve(v.id()));
                pairs.add(p);
                configs.put(v, p.db1Conf());
                if (!v.tandem()) {
                    checkScript = p.checkScript();
                }
                p.startDaemons();
                out.printf("  %s up in lab %s%n", v.label(), p.lab().id());
            }
            List<MysqlPair> active = new ArrayList<>(pairs);
            for (int rep = 1; rep <= reps && !active.isEmpty(); rep++) {
                List<MysqlPair> order = new ArrayList<>(active);
                if (rep % 2 == 0) {
                    Collections.reverse(order);
                }
                for (MysqlPair p : order) {
                    try {
                        p.cycle(rep, Duration.ofMillis(random.nextInt(1000)));
                    } catch (RuntimeException e) { // the pair did not come back (or its mysqld did not restart): drop it, keep the others
                        out.println("  " + p.variant().label() + " aborted: " + e.getMessage());
                        header.add("**" + p.variant().label() + " aborted in repetition " + rep + "**: "
                                + e.getMessage().lines().findFirst().orElse(""));
                        active.remove(p);
                        failed = true;
                    }
                }
            }
        } catch (RuntimeException e) {
            out.println("setup failed: " + e);
            header.add("**Aborted**: " + e.getMessage().lines().findFirst().orElse(""));
            failed = true;
        } finally {
            for (MysqlPair p : pairs) {
                samples.addAll(p.samples());
                try {
                    p.close();
                } catch (RuntimeException e) {
                    out.println("teardown of " + p.variant().label() + ": " + e);
                }
            }
            header.add("Load average after: " + loadAverage() + "; duration " + Duration.between(started, Instant.now()).toSeconds()
                    + " s.");
        }
        MysqlReport report = new MysqlReport(variants, samples, header, configs, checkScript);
        String md = report.markdown();
        out.println();
        out.println(md);
        Files.createDirectories(outDir);
        Path mdFile = outDir.resolve("mysql-failover-" + stamp + ".md");
        Path csvFile = outDir.resolve("mysql-failover-" + stamp + ".csv");
        Files.writeString(mdFile, md, StandardCharsets.UTF_8);
        List<String> csv = new ArrayList<>();
        csv.add(MysqlReport.csvHeader());
        csv.addAll(report.csvLines());
        Files.write(csvFile, csv, StandardCharsets.UTF_8);
        out.println("report: " + mdFile.toAbsolutePath() + "\nsamples: " + csvFile.toAbsolutePath()
                + "\ndaemon logs and configurations: " + files.toAbsolutePath());
        return !failed && samples.stream().allMatch(s -> s.ok) ? 0 : 1;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String versionLine(String program, String flag) {
        try {
            Process p = new ProcessBuilder(program, flag).redirectErrorStream(true).start();
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
