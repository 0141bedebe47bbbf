package io.tandem.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The demonstration's second act: Tandem on both masters floats a write VIP, a client host
 * queries MariaDB through it, the master's Tandem stops and the VIP moves, then comes back when
 * it returns. Follows the host only: the MySQL-aware failover (fencing, catch-up) comes later.
 */
final class VipDemo {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Lab lab;
    private final PrintStream out;
    private final Path tandem;
    private final Map<String, Duration> timings;

    VipDemo(Lab lab, PrintStream out, Path tandem, Map<String, Duration> timings) {
        this.lab = lab;
        this.out = out;
        this.tandem = tandem;
        this.timings = timings;
    }

    /** The launcher to use: {@code -Dtandem.dist=DIR} or {@code target/dist}; null when not built. */
    static Path launcher() {
        Path p = Path.of(System.getProperty("tandem.dist", "target/dist"), "bin", "tandem").toAbsolutePath();
        return Files.isExecutable(p) ? p : null;
    }

    void run(Host db1, Host db2) throws IOException, InterruptedException {
        Host app = lab.addHost("app");
        String vip = lab.subnet().address(100).getHostAddress();
        out.println();
        out.println("--- Write VIP " + vip + " floated by Tandem on db1 (priority 150) and db2 (priority 100) ---");
        LabProcess t1 = start(db1, 150, vip);
        LabProcess t2 = start(db2, 100, vip);
        long t = System.nanoTime();
        await(() -> holds(db1, vip) && !holds(db2, vip), "VIP on db1", t1, t2);
        timings.put("both Tandems running to VIP on db1", since(t));
        out.println("app -> " + vip + ": " + query(app, vip));

        out.println("stopping Tandem on db1 (SIGTERM: it sends priority 0 and releases the VIP)...");
        t = System.nanoTime();
        t1.signal(Signal.TERM);
        await(() -> holds(db2, vip), "VIP on db2", t1, t2);
        Duration moved = since(t);
        timings.put("SIGTERM on db1 to VIP on db2", moved);
        out.printf("VIP moved to db2 after %d ms; app -> %s: %s%n", moved.toMillis(), vip, query(app, vip));

        out.println("starting Tandem on db1 again: it preempts db2 (higher priority)...");
        t = System.nanoTime();
        LabProcess again = start(db1, 150, vip);
        await(() -> holds(db1, vip) && !holds(db2, vip), "VIP back on db1", again, t2);
        timings.put("db1 restart to VIP back on db1", since(t));
        out.println("app -> " + vip + ": " + query(app, vip));
        out.println("Tandem's own log of the moves on db2:");
        t2.logText().lines().filter(l -> l.contains("(VI_WRITE)") && l.contains("->"))
                .forEach(l -> out.println("  db2 " + l.substring(l.indexOf("(VI_WRITE)"))));
    }

    private LabProcess start(Host h, int priority, String vip) throws IOException {
        Path conf = h.dir().resolve("tandem.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_WRITE {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(h.name(), priority, vip));
        LabProcess p = h.spawn("tandem", tandem.toString(), "-n", "-l", "-f", conf.toString());
        p.awaitLog("running 1 vrrp_instance(s)", WAIT);
        return p;
    }

    private static boolean holds(Host h, String vip) {
        return h.execOrThrow("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/24");
    }

    /** A query through the VIP from the client host: which server answers. */
    private static String query(Host app, String vip) {
        CommandResult r = app.exec("mariadb", "--no-defaults", "-h", vip, "-u", Replication.USER, "-p" + Replication.PASSWORD,
                "--connect-timeout=2", "-N", "-B", "-e", "SELECT CONCAT('answered by server_id ', @@server_id)");
        return r.ok() ? r.stdout().strip() : "no answer (" + r.stderr().strip() + ")";
    }

    private static void await(BooleanSupplier condition, String what, LabProcess a, LabProcess b) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LabException("demo: no " + what + " within " + WAIT + "; logs:\n" + a.tail(20) + "\n---\n" + b.tail(20));
            }
            Thread.sleep(20);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
