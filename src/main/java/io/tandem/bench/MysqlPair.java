package io.tandem.bench;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.MariaDb;
import io.tandem.lab.MariaDbOptions;
import io.tandem.lab.Replication;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One lab for one {@link MysqlVariant}: db1 (priority 150) and db2 (100) with MariaDB in
 * master-master replication, each running the variant's daemon, and a client host "cli" running
 * the {@link WriteClient}. A {@link VipWatcher} on each db host sees the VIP come and go.
 *
 * <p>Tandem's variants start both servers with {@code read_only=ON} in their configuration
 * (Tandem opens writes on the master); keepalived's start them writable, as the seed's setup does.
 */
final class MysqlPair implements AutoCloseable {
    /** A repetition gives up on the VIP and the writes reaching db2 after this long. */
    static final Duration REP_BOUND = Duration.ofSeconds(30);
    /** Waiting for db1 to be the writable master again, with replication both ways, gives up after this long. */
    static final Duration SETTLE_BOUND = Duration.ofSeconds(90);
    /** The client must have written only to db1 for this long before a repetition. */
    static final Duration STEADY = Duration.ofSeconds(1);
    static final int MASTER_PRIORITY = 150;
    static final int BACKUP_PRIORITY = 100;

    private final MysqlVariant variant;
    private final MysqlConfigs configs;
    private final Path launcher;
    private final PrintStream log;
    private final Lab lab;
    private final Host db1;
    private final Host db2;
    private final Host cli;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<MysqlSample> samples = new ArrayList<>();
    private MariaDb m1;
    private MariaDb m2;
    private int id1;
    private int id2;
    private VipWatcher w1;
    private VipWatcher w2;
    private WriteClient writer;
    private VrrpDaemon d1;
    private VrrpDaemon d2;
    private Path keepFilesIn;

    private MysqlPair(MysqlVariant variant, int version, Path launcher, PrintStream log, Lab lab) {
        this.variant = variant;
        this.launcher = launcher;
        this.log = log;
        this.lab = lab;
        this.db1 = lab.addHost("db1");
        this.db2 = lab.addHost("db2");
        this.cli = lab.addHost("cli");
        this.configs = new MysqlConfigs(version, lab.subnet().address(100).getHostAddress());
    }

    /**
     * Creates the lab: both servers (installed, started, accounts, master-master replication, the
     * table), the watchers and the paused client; starts no daemon yet.
     */
    static MysqlPair open(MysqlVariant variant, int version, Path launcher, PrintStream log, Path keepFilesIn) {
        Lab lab = Lab.create();
        MysqlPair p = null;
        try {
            p = new MysqlPair(variant, version, launcher, log, lab);
            p.keepFilesIn = keepFilesIn;
            p.servers();
            p.w1 = p.keep(VipWatcher.start(p.db1.namespace(), p.configs.vip()));
            p.w2 = p.keep(VipWatcher.start(p.db2.namespace(), p.configs.vip()));
            p.writer = p.keep(WriteClient.start(p.cli.namespace(), p.configs.vip()));
            return p;
        } catch (RuntimeException e) {
            if (p != null) {
                p.closeQuietly(e);
            } else {
                lab.close();
            }
            throw e;
        }
    }

    private void servers() {
        MariaDbOptions options = MariaDbOptions.defaults().withReadOnly(variant.tandem());
        m1 = accounts(db1.startMariaDb(options));
        m2 = accounts(db2.startMariaDb(options));
        id1 = m1.serverId();
        id2 = m2.serverId();
        Replication.masterMaster(m1, m2);
        m1.sql("CREATE DATABASE " + MysqlConfigs.SCHEMA + "; CREATE TABLE " + MysqlConfigs.SCHEMA
                + ".w (id BIGINT PRIMARY KEY, server_id INT NOT NULL)");
        Replication.awaitConverged(Duration.ofSeconds(30), m1, m2);
    }

    /** Tandem's account and the application's, on one server, not replicated. */
    private static MariaDb accounts(MariaDb m) {
        m.sql("SET sql_log_bin=0; CREATE USER '" + MysqlConfigs.TANDEM_USER + "'@'%' IDENTIFIED BY '"
                + MysqlConfigs.TANDEM_PASSWORD + "'; GRANT ALL ON *.* TO '" + MysqlConfigs.TANDEM_USER + "'@'%';"
                + " CREATE USER '" + MysqlConfigs.APP_USER + "'@'%' IDENTIFIED BY '" + MysqlConfigs.APP_PASSWORD
                + "'; GRANT SELECT, INSERT ON " + MysqlConfigs.SCHEMA + ".* TO '" + MysqlConfigs.APP_USER + "'@'%'");
        return m;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    MysqlVariant variant() {
        return variant;
    }

    Lab lab() {
        return lab;
    }

    List<MysqlSample> samples() {
        return samples;
    }

    /** db1's configuration as written (for the report). */
    String db1Conf() {
        return conf(db1, db2, MASTER_PRIORITY);
    }

    String checkScript() {
        return MysqlConfigs.checkScript(db1.address().getHostAddress());
    }

    private String conf(Host h, Host other, int priority) {
        return configs.daemon(variant, h.name(), priority, h.address().getHostAddress(), other.address().getHostAddress(),
                h.dir().resolve("check_mysql.sh").toString(), h.dir().resolve("tandem-mysql.pass").toString());
    }

    /** Writes the check script and password file, starts both daemons, waits until db1 is the writable master. */
    void startDaemons() throws InterruptedException {
        for (Host h : List.of(db1, db2)) {
            try {
                Path script = h.dir().resolve("check_mysql.sh");
                Files.writeString(script, MysqlConfigs.checkScript(h.address().getHostAddress()));
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path pass = h.dir().resolve("tandem-mysql.pass");
                Files.writeString(pass, MysqlConfigs.TANDEM_PASSWORD + "\n");
                Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        d1 = VrrpDaemon.start(variant.kind(), db1, conf(db1, db2, MASTER_PRIORITY), launcher);
        d2 = VrrpDaemon.start(variant.kind(), db2, conf(db2, db1, BACKUP_PRIORITY), launcher);
        writer.active(true);
        try {
            settle();
        } finally {
            writer.active(false);
        }
    }

    /**
     * One repetition: with db1 the writable master and the client writing through the VIP, waits
     * {@code delay} (so the kill falls at a random phase of the checks and adverts), kills db1's
     * mysqld with SIGKILL, and times the VIP on db2 and the first insert db2 acknowledges. Then
     * restarts db1's mysqld and waits until db1 is the writable master again with replication
     * running both ways.
     *
     * @throws IllegalStateException when the pair does not come back to db1 (the benchmark drops the variant)
     */
    MysqlSample cycle(int rep, Duration delay) throws InterruptedException {
        writer.active(true);
        try {
            settle();
            Thread.sleep(delay.toMillis());
            int failuresBefore = writer.failures();
            long wall = System.currentTimeMillis();
            long t0 = System.nanoTime();
            m1.kill9();
            MysqlSample s = new MysqlSample(variant, rep, wall);
            samples.add(s);
            long deadline = t0 + REP_BOUND.toNanos();
            VipWatcher.Change vip = null;
            WriteClient.Ack ack = null;
            while (System.nanoTime() - deadline < 0 && (vip == null || ack == null)) {
                Thread.sleep(5);
                vip = vip != null ? vip : w2.firstHeldSince(t0);
                ack = ack != null ? ack : writer.firstFrom(id2, t0);
            }
            s.failedWrites = writer.failures() - failuresBefore;
            WriteClient.Ack before = writer.lastBefore(t0);
            s.lastAckBeforeMs = before == null ? Double.NaN : ms(t0 - before.nanos());
            s.vipMs = vip == null ? Double.NaN : ms(vip.nanos() - t0);
            s.writeMs = ack == null ? Double.NaN : ms(ack.nanos() - t0);
            s.ok = vip != null && ack != null;
            WriteClient.Failure slowest = writer.slowestFailure(t0, ack == null ? System.nanoTime() : ack.nanos());
            if (slowest != null) {
                s.slowestFailMs = slowest.millis();
                s.slowestFail = slowest.error();
            }
            if (!s.ok) {
                s.note = (vip == null ? "VIP not on db2" : "no write on db2") + " within " + REP_BOUND.toSeconds() + " s (client: "
                        + writer.lastError() + ")";
            }
            if (variant.tandem()) {
                String l1 = d1.process().logText();
                String l2 = d2.process().logText();
                s.faultMs = TandemLog.offsetMs(l1, wall, "(VI_W) MASTER -> FAULT");
                s.masterMs = TandemLog.offsetMs(l2, wall, "(VI_W) BACKUP -> MASTER");
                s.writesOnMs = TandemLog.offsetMs(l2, wall, "(VI_W) writes on after");
            }
            log.printf("  %-30s rep %d: VIP on db2 %8.1f ms, first write on db2 %8.1f ms (%d failed attempts, the longest %.0f ms)%s%n",
                    variant.label(), rep, s.vipMs, s.writeMs, s.failedWrites, s.slowestFailMs, s.ok ? "" : "  FAILED: " + s.note);
            m1.start();
            settle();
            s.restoreMs = ms(System.nanoTime() - t0);
            writer.discardBefore(System.nanoTime() - Duration.ofSeconds(5).toNanos());
            w1.discardBefore(t0);
            w2.discardBefore(t0);
            return s;
        } finally {
            writer.active(false);
        }
    }

    /**
     * Waits until db1 alone holds the VIP, the client's inserts of the last second were all
     * acknowledged by db1, and replication runs both ways (IO and SQL threads); bounded by
     * {@link #SETTLE_BOUND}.
     */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
        while (true) {
            if (w1.held() && !w2.held() && writer.steady(id1, STEADY.toNanos()) && replicating(m1) && replicating(m2)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(variant.label() + ": db1 not the writable master with replication both ways"
                        + " within " + SETTLE_BOUND.toSeconds() + " s (VIP db1 " + w1.held() + ", db2 " + w2.held()
                        + "; client: " + writer.lastError() + "; db1 " + status(m1) + "; db2 " + status(m2) + ")\ndb1 log:\n"
                        + d1.process().tail(15) + "\ndb2 log:\n" + d2.process().tail(15));
            }
            for (VrrpDaemon d : List.of(d1, d2)) {
                if (!d.isAlive()) {
                    throw new IllegalStateException(d + " exited; log:\n" + d.process().tail(20));
                }
            }
            Thread.sleep(100);
        }
    }

    private static boolean replicating(MariaDb m) {
        return m.isRunning() && m.replicaStatus().map(r -> r.ioRunning().equals("Yes") && r.sqlRunning().equals("Yes")).orElse(false);
    }

    private static String status(MariaDb m) {
        if (!m.isRunning()) {
            return "mysqld down";
        }
        try {
            return m.replicaStatus().map(r -> r.summary()).orElse("no replication") + ", read_only " + m.readOnly();
        } catch (RuntimeException e) {
            return "status unknown: " + e.getMessage();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                failure = failure == null ? new IllegalStateException("closing the " + variant.label() + " lab failed", e) : failure;
            }
        }
        try {
            keepFiles();
        } catch (RuntimeException e) {
            log.println("  could not keep the logs of " + variant.label() + ": " + e);
        }
        try {
            lab.close();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Copies the daemons' logs and configurations and the servers' error logs out of the lab before it is removed. */
    private void keepFiles() {
        if (keepFilesIn == null) {
            return;
        }
        try {
            Path dir = Files.createDirectories(keepFilesIn);
            for (Host h : List.of(db1, db2, cli)) {
                try (Stream<Path> files = Files.list(h.dir())) {
                    for (Path f : files.filter(Files::isRegularFile)
                            .filter(f -> !f.toString().endsWith(".pid") && !f.toString().endsWith(".pass")).toList()) {
                        Files.copy(f, dir.resolve(h.name() + "-" + f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                java.util.Optional<Path> err = h.mariaDb().map(MariaDb::errorLog).filter(Files::isRegularFile);
                if (err.isPresent()) {
                    Files.copy(err.get(), dir.resolve(h.name() + "-mariadb-error.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
