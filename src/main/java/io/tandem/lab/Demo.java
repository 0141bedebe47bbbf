package io.tandem.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Builds the lab the failover tests will run on and reports what it built and how long it took:
 * db1 and db2 (MariaDB master-master), r1 (replica of db1), r2 (replica of db2), rows written on
 * both masters and shown arriving on all four servers, timings and memory; then, with a built
 * launcher, the write VIP's failover ({@link FailoverDemo}) and the read VIP's load balancer
 * ({@link ReadsDemo}).
 *
 * <pre>
 * java -cp target/classes io.tandem.lab.Demo [--hold] [--rows N]
 * </pre>
 *
 * {@code --hold} keeps the lab up after the report until Enter is pressed (or, with no terminal,
 * until SIGTERM; the lab's shutdown hook then tears it down). Needs root.
 */
public final class Demo {
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final Map<String, Duration> timings = new LinkedHashMap<>();
    private final Map<String, Long> rss = new LinkedHashMap<>();

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean hold = false;
        int rows = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hold" -> hold = true;
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: Demo [--hold] [--rows N]");
                    System.exit(2);
                }
            }
        }
        if (!Lab.isSupported() || !MariaDb.isInstalled()) {
            System.err.println("The lab needs root, iproute2 and Debian's MariaDB server packages.");
            System.exit(2);
        }
        new Demo(System.out).run(hold, rows);
    }

    private void run(boolean hold, int rowsPerMaster) throws Exception {
        out.println("=== Tandem lab demonstration ===");
        out.println("Network namespaces on a private bridge, MariaDB master-master (semi-sync) plus two replicas, a client,");
        out.println("a mail server, and a write VIP floated by Tandem between the masters: it follows mysqld, keeps the");
        out.println("backup read-only, opens writes only after catch-up, fails back only after catch-up, and mails; then a");
        out.println("read VIP on two load-balancer hosts, where Tandem spreads reads over the replicas and follows their health.");
        out.println();

        long t = System.nanoTime();
        Lab lab = Lab.create();
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, MariaDb> servers = new LinkedHashMap<>();
        try {
            for (String name : List.of("db1", "db2", "r1", "r2")) {
                lab.addHost(name);
            }
            timings.put("netns setup (switch + 4 hosts)", since(t));

            for (Host host : lab.hosts()) {
                MariaDb server = host.startMariaDb(options(host.name()));
                servers.put(host.name(), server);
                timings.put("install-db " + host.name(), server.installTime());
                timings.put("start-up   " + host.name(), server.startTime());
            }
            MariaDb db1 = servers.get("db1");
            MariaDb db2 = servers.get("db2");
            MariaDb r1 = servers.get("r1");
            MariaDb r2 = servers.get("r2");
            roles.put("db1", "master (master-master with db2, semi-sync), read_only until Tandem opens writes");
            roles.put("db2", "master (master-master with db1, semi-sync), read_only until Tandem opens writes");
            roles.put("r1", "replica of db1, read_only");
            roles.put("r2", "replica of db2, read_only");

            t = System.nanoTime();
            Replication.masterMaster(db1, db2);
            Replication.replica(db1, r1);
            Replication.replica(db2, r2);
            timings.put("replication set up (4 replicas connected)", since(t));

            t = System.nanoTime();
            FailoverDemo.accounts(db1);
            FailoverDemo.accounts(db2);
            db1.sql("CREATE DATABASE demo; CREATE TABLE demo.t (id INT PRIMARY KEY, origin VARCHAR(8) NOT NULL,"
                    + " note VARCHAR(64) NOT NULL); CREATE TABLE demo.w (id INT PRIMARY KEY, server_id INT NOT NULL)");
            Replication.awaitConverged(CONVERGE_TIMEOUT, db1, db2, r1, r2);
            timings.put("schema on db1 converged on all 4", since(t));

            t = System.nanoTime();
            db1.sql(inserts("db1", 1, rowsPerMaster));
            db2.sql(inserts("db2", 1001, rowsPerMaster));
            long written = System.nanoTime();
            String target = Replication.awaitConverged(CONVERGE_TIMEOUT, db1, db2, r1, r2);
            timings.put("writes on db1+db2 converged on all 4 (after commit)", since(written));
            timings.put("writes on db1+db2 converged on all 4 (incl. writing)", since(t));

            servers.forEach((name, server) -> rss.put(name, server.rss()));
            report(lab, servers, roles, rowsPerMaster, target);

            Path tandem = FailoverDemo.launcher();
            if (tandem == null) {
                out.println();
                out.println("(no built launcher at target/dist/bin/tandem: run scripts/build for the failover part)");
            } else if (!MailCatcher.isInstalled()) {
                out.println();
                out.println("(python3-aiosmtpd is missing: run scripts/setup for the failover part)");
            } else {
                new FailoverDemo(lab, out, tandem, timings).run(db1, db2);
                new ReadsDemo(lab, out, tandem, timings).run(r1, r2);
            }

            if (hold) {
                holdUntilAsked(lab, servers);
            }
        } finally {
            t = System.nanoTime();
            lab.close();
            timings.put("teardown", since(t));
        }
        printTimings();
    }

    /**
     * The masters start read-only (Tandem opens writes on the one that holds the VIP), with
     * semi-synchronous replication both ways and auto_increment steps that cannot collide.
     */
    private static MariaDbOptions options(String host) {
        return switch (host) {
            case "db1", "db2" -> MariaDbOptions.defaults().withReadOnly(true).withArgs("--rpl-semi-sync-master-enabled=ON",
                    "--rpl-semi-sync-slave-enabled=ON", "--rpl-semi-sync-master-timeout=1000", "--auto-increment-increment=2",
                    "--auto-increment-offset=" + (host.equals("db1") ? 1 : 2));
            default -> MariaDbOptions.defaults();
        };
    }

    private void report(Lab lab, Map<String, MariaDb> servers, Map<String, String> roles, int rowsPerMaster,
                        String target) {
        out.println("--- What the lab holds ---");
        out.printf("lab id %s, subnet %s, run directory %s%n", lab.id(), lab.subnet(), lab.dir());
        out.printf("switch namespace %s (bridge br0)%n%n", lab.switchNamespace());
        out.printf("%-4s %-13s %-20s %-9s %-6s %-8s %s%n", "host", "address", "namespace", "server_id", "domain",
                "pid", "role");
        for (MariaDb s : servers.values()) {
            Host h = s.host();
            out.printf("%-4s %-13s %-20s %-9d %-6d %-8d %s%n", h.name(), h.address().getHostAddress(),
                    h.namespace(), s.serverId(), s.gtidDomainId(), s.pid(), roles.get(h.name()));
        }
        out.println();
        out.println("--- Replication (SHOW SLAVE STATUS) ---");
        for (MariaDb s : servers.values()) {
            String status = s.replicaStatus().map(r -> (r.healthy() ? "healthy: " : "NOT HEALTHY: ") + r.summary())
                    .orElse("not a replica");
            out.printf("%-4s %s%n", s.host().name(), status);
        }
        out.println();
        out.printf("--- Rows: %d written on db1 (ids 1..), %d on db2 (ids 1001..); converged at GTID %s ---%n",
                rowsPerMaster, rowsPerMaster, target);
        for (MariaDb s : servers.values()) {
            List<List<String>> counts = s.sql("SELECT origin, COUNT(*) FROM demo.t GROUP BY origin ORDER BY origin");
            List<String> parts = new ArrayList<>();
            long total = 0;
            for (List<String> row : counts) {
                parts.add(row.get(1) + " from " + row.get(0));
                total += Long.parseLong(row.get(1));
            }
            out.printf("%-4s %d rows (%s); gtid_binlog_pos %s, read_only %s%n", s.host().name(), total,
                    String.join(", ", parts), s.gtidBinlogPos(), s.readOnly() ? "ON" : "OFF");
        }
        out.println();
    }

    private void holdUntilAsked(Lab lab, Map<String, MariaDb> servers) throws InterruptedException {
        out.println("--- Holding ---");
        out.println("The lab stays up. Try, for example:");
        MariaDb db1 = servers.get("db1");
        MariaDb r2 = servers.get("r2");
        out.printf("  mariadb --no-defaults --socket=%s -uroot -e 'SELECT * FROM demo.t'%n", db1.socket());
        out.printf("  ip netns exec %s mariadb --no-defaults -h %s -u%s -p%s -e 'SELECT 1'%n",
                r2.host().namespace(), db1.address().getHostAddress(), Replication.USER, Replication.PASSWORD);
        out.printf("  ip netns exec %s tcpdump -ni eth0%n", db1.host().namespace());
        out.printf("Press Enter to tear down, or send SIGTERM to pid %d.%n", ProcessHandle.current().pid());
        out.println("HOLDING lab " + lab.id());
        out.flush();
        CountDownLatch enter = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon().name("demo-stdin").start(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                if (in.readLine() != null) {
                    enter.countDown();
                }
                // End of input (no terminal): keep holding until a signal ends the JVM.
            } catch (IOException e) {
                // as end of input
            }
        });
        enter.await();
        reader.interrupt();
        out.println("Enter pressed: tearing down.");
    }

    private void printTimings() {
        out.println("--- Timings ---");
        for (Map.Entry<String, Duration> e : timings.entrySet()) {
            out.printf("  %-55s %8.1f ms%n", e.getKey(), e.getValue().toNanos() / 1e6);
        }
        out.println("--- Memory ---");
        for (Map.Entry<String, Long> e : rss.entrySet()) {
            out.printf("  %-55s %8.1f MiB%n", "mariadbd RSS " + e.getKey() + " (idle, after convergence)",
                    e.getValue() / 1048576.0);
        }
        StringBuilder csv = new StringBuilder("RESULT");
        timings.forEach((k, v) -> csv.append(' ').append(k.replaceAll("[^A-Za-z0-9+]+", "_").replaceAll("_+$", ""))
                .append('=').append(String.format("%.1f", v.toNanos() / 1e6)));
        rss.forEach((k, v) -> csv.append(" rss_").append(k).append('=').append(String.format("%.1f", v / 1048576.0)));
        out.println(csv);
    }

    private static String inserts(String origin, int firstId, int count) {
        StringBuilder sql = new StringBuilder("INSERT INTO demo.t (id, origin, note) VALUES ");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append('(').append(firstId + i).append(", '").append(origin).append("', 'written on ").append(origin)
                    .append("')");
        }
        return sql.toString();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
