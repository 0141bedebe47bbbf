package io.tandem.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The demonstration's second act, the MySQL-aware failover: Tandem on both masters floats the
 * write VIP, keeps the backup's mysqld read-only, and mails the transitions to a mail server in
 * the lab. A client writes through the VIP without pause; mysqld on the master is killed; the VIP
 * and the writes move to the other master once it has applied what it received; mysqld returns,
 * catches up, and the first master takes the VIP back in the ordered switch. Prints what each
 * step took, Tandem's own timeline and the mails.
 */
final class FailoverDemo {
    private static final Duration WAIT = Duration.ofSeconds(60);
    static final String TANDEM_PASSWORD = "tandem-demo";
    static final String APP_PASSWORD = "app-demo";

    private final Lab lab;
    private final PrintStream out;
    private final Path tandem;
    private final Map<String, Duration> timings;

    FailoverDemo(Lab lab, PrintStream out, Path tandem, Map<String, Duration> timings) {
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

    /** Accounts the demo needs on every server, not replicated: Tandem's (it sets read_only) and the application's. */
    static void accounts(MariaDb m) {
        m.sql("SET sql_log_bin=0; CREATE USER 'tandem'@'%' IDENTIFIED BY '" + TANDEM_PASSWORD + "'; GRANT ALL ON *.* TO 'tandem'@'%';"
                + " CREATE USER 'app'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'; GRANT SELECT, INSERT ON demo.* TO 'app'@'%'");
    }

    void run(MariaDb m1, MariaDb m2) throws IOException, InterruptedException {
        Host db1 = m1.host();
        Host db2 = m2.host();
        Host app = lab.addHost("app");
        Host mx = lab.addHost("mx");
        MailCatcher mail = MailCatcher.start(mx);
        String vip = lab.subnet().address(100).getHostAddress();
        out.println();
        out.println("--- Write VIP " + vip + ": Tandem on db1 (priority 150) and db2 (priority 100), mail to mx ---");
        long t = System.nanoTime();
        LabProcess t1 = start(db1, db2, 150, vip, mx);
        LabProcess t2 = start(db2, db1, 100, vip, mx);
        await(() -> holds(db1, vip) && !holds(db2, vip) && !m1.readOnly() && m2.readOnly(), "db1 master and writable", t1, t2);
        timings.put("Tandem start to VIP on db1, writes on", since(t));
        out.printf("VIP on db1; db1 read_only=%s, db2 read_only=%s (Tandem keeps the backup fenced)%n",
                onOff(m1.readOnly()), onOff(m2.readOnly()));

        Writer writer = new Writer(app, vip);
        Thread writing = Thread.ofPlatform().name("demo-writer").start(writer);
        await(() -> writer.acked.get() >= 5, "writes through the VIP", t1, t2);
        out.printf("app writes through the VIP: %d rows so far, answered by server_id %d%n", writer.acked.get(),
                writer.lastServer.get());

        out.println("kill -9 of mysqld on db1 (the master)...");
        int before = writer.acked.get();
        long killed = System.nanoTime();
        m1.kill9();
        writer.markFault();
        await(() -> holds(db2, vip), "VIP on db2", t1, t2);
        Duration vipMoved = since(killed);
        await(() -> writer.firstAckAfterFault.get() > 0, "a write on db2", t1, t2);
        Duration firstWrite = Duration.ofNanos(writer.firstAckAfterFault.get() - killed);
        timings.put("kill -9 mysqld on db1 to VIP on db2", vipMoved);
        timings.put("kill -9 mysqld on db1 to first write through the VIP", firstWrite);
        out.printf("VIP on db2 after %d ms; first write through it after %d ms (server_id %d); db2 read_only=%s%n",
                vipMoved.toMillis(), firstWrite.toMillis(), writer.firstServerAfterFault.get(), onOff(m2.readOnly()));

        out.println("starting mysqld on db1 again (read_only from its configuration): Tandem waits for it to catch up...");
        long restarted = System.nanoTime();
        m1.start();
        await(() -> holds(db1, vip) && !holds(db2, vip) && !m1.readOnly() && m2.readOnly(), "VIP back on db1", t1, t2);
        Duration failback = since(restarted);
        timings.put("mysqld restart on db1 to VIP and writes back on db1", failback);
        int target = writer.acked.get();
        await(() -> writer.acked.get() > target + 3, "writes on db1", t1, t2);
        out.printf("VIP and writes back on db1 after %d ms, once db1 had applied what db2 took meanwhile;"
                + " writes continue (server_id %d)%n", failback.toMillis(), writer.lastServer.get());
        writer.stop();
        writing.join(10_000);
        String converged = Replication.awaitConverged(WAIT, m1, m2);
        int rows = Integer.parseInt(m1.sqlValue("SELECT COUNT(*) FROM demo.w"));
        out.printf("client: %d writes acknowledged (%d after the kill), %d failed attempts while nothing was writable;"
                + " %d rows on db1 and %s on db2; GTID %s on both%n", writer.acked.get(), writer.acked.get() - before,
                writer.failed.get(), rows, m2.sqlValue("SELECT COUNT(*) FROM demo.w"), converged);

        await(() -> mail.subjects().size() >= 4, "mails", t1, t2);
        out.println();
        out.println("--- Mail received by mx ---");
        mail.subjects().forEach(s -> out.println("  " + s));
        out.println();
        out.println("--- Tandem's timeline (both masters, UTC) ---");
        List<String> lines = new ArrayList<>();
        for (LabProcess p : List.of(t1, t2)) {
            String who = p.host().name();
            p.logText().lines().filter(FailoverDemo::interesting).forEach(l -> lines.add(l.substring(0, 23) + " " + who + " "
                    + l.substring(l.indexOf(": ", 24) + 2)));
        }
        lines.sort(Comparator.naturalOrder());
        lines.forEach(l -> out.println("  " + shorten(l)));
        t1.terminate();
        t2.terminate();
        mail.stop();
    }

    private static boolean interesting(String l) {
        return l.contains("(VI_WRITE)") && (l.contains(" -> ") || l.contains("writes on after") || l.contains("fenced")
                || l.contains("catch-up") || l.contains("failback:") || l.contains("healthy master"));
    }

    private static String shorten(String l) {
        int cut = l.indexOf(" [");
        String s = cut > 0 ? l.substring(0, cut) : l;
        return s.length() > 170 ? s.substring(0, 167) + "..." : s;
    }

    private LabProcess start(Host h, Host other, int priority, String vip, Host mx) throws IOException {
        Path conf = h.dir().resolve("tandem.conf");
        String self = h.address().getHostAddress();
        Files.writeString(conf, """
                global_defs {
                    router_id %1$s
                    notification_email {
                        dba@example.com
                    }
                    notification_email_from tandem@%1$s.lab
                    smtp_server %2$s 25
                    smtp_connect_timeout 5
                    enable_script_security
                    script_user root
                }
                vrrp_script chk_mysql {
                    MYSQL_CHECK {
                        connect_ip %3$s
                        user tandem
                        password %4$s
                        connect_timeout 0.5
                    }
                    interval 0.3
                    fall 1
                    rise 2
                }
                vrrp_instance VI_WRITE {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %5$d
                    advert_int 1
                    smtp_alert
                    track_script {
                        chk_mysql
                    }
                    mysql {
                        connect_ip %3$s
                        user tandem
                        password %4$s
                        connect_timeout 1
                        catch_up_timeout 10
                        peer %6$s 3306
                    }
                    virtual_ipaddress {
                        %7$s/24
                    }
                }
                """.formatted(h.name(), mx.address().getHostAddress(), self, TANDEM_PASSWORD, priority,
                other.address().getHostAddress(), vip));
        LabProcess p = h.spawn("tandem", tandem.toString(), "-n", "-l", "-f", conf.toString());
        p.awaitLog("running 1 vrrp_instance(s)", WAIT);
        return p;
    }

    /** The client: one INSERT after the other through the VIP, each a new connection, as simple as it gets. */
    private static final class Writer implements Runnable {
        private final Host app;
        private final String vip;
        private final AtomicInteger acked = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicLong firstAckAfterFault = new AtomicLong();
        private final AtomicReference<Integer> lastServer = new AtomicReference<>(0);
        private final AtomicReference<Integer> firstServerAfterFault = new AtomicReference<>(0);
        private volatile long faultMark;
        private volatile boolean stop;

        Writer(Host app, String vip) {
            this.app = app;
            this.vip = vip;
        }

        /**
         * Called once the master's mysqld is dead: only a write whose attempt starts after this counts
         * as the first write after the fault (one still in flight at the kill may have been answered
         * by the dying master).
         */
        void markFault() {
            firstAckAfterFault.set(0);
            faultMark = System.nanoTime();
        }

        void stop() {
            stop = true;
        }

        @Override
        public void run() {
            int id = 0;
            while (!stop) {
                id++;
                long started = System.nanoTime();
                CommandResult r = app.exec(Duration.ofSeconds(5), "mariadb", "--no-defaults", "-h", vip, "-u", "app",
                        "-p" + APP_PASSWORD, "--connect-timeout=1", "-N", "-B", "-e",
                        "INSERT INTO demo.w VALUES (" + id + ", @@server_id); SELECT @@server_id");
                if (r.ok()) {
                    acked.incrementAndGet();
                    int server = Integer.parseInt(r.stdout().strip());
                    lastServer.set(server);
                    long mark = faultMark;
                    if (mark != 0 && started - mark >= 0 && firstAckAfterFault.get() == 0) {
                        firstServerAfterFault.set(server);
                        firstAckAfterFault.set(System.nanoTime());
                    }
                } else {
                    failed.incrementAndGet();
                }
            }
        }
    }

    /** Whether {@code h}'s eth0 has {@code vip}. */
    static boolean holds(Host h, String vip) {
        return h.execOrThrow("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/24");
    }

    private static String onOff(boolean b) {
        return b ? "ON" : "OFF";
    }

    /** Waits (60 s at most) for {@code condition}; else fails with the tails of both daemons' logs. */
    static void await(BooleanSupplier condition, String what, LabProcess a, LabProcess b) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LabException("demo: no " + what + " within " + WAIT + "; logs:\n" + a.tail(20) + "\n---\n" + b.tail(20));
            }
            Thread.sleep(20);
        }
    }

    static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
