package io.tandem.bench;

import io.tandem.lab.Capture;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One lab with one pair of daemons of one kind: db1 (priority 150) and db2 (priority 100), each
 * running a {@link Responder}, and a client host "cli" running the {@link Prober} and a capture of
 * VRRP and ARP. The benchmark keeps one pair per daemon kind, in separate labs (separate bridges),
 * and alternates between them.
 */
final class Pair implements AutoCloseable {
    /** A repetition gives up on the new owner after this long (the issue: about 15 s). */
    static final Duration REP_BOUND = Duration.ofSeconds(15);
    /** Waits for the pair to settle (daemon start-up included) give up after this long. */
    static final Duration SETTLE_BOUND = Duration.ofSeconds(40);
    /** How long the prober keeps watching after the new owner's first answer. */
    static final Duration TAIL = Duration.ofMillis(300);

    private final DaemonKind kind;
    private final Settings settings;
    private final Path launcher;
    private final PrintStream log;
    private final Lab lab;
    private final Host db1;
    private final Host db2;
    private final Host cli;
    private final String vip;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Responder r1;
    private Prober prober;
    private AdvertWatcher adverts;
    private Capture capture;
    private VrrpDaemon d1;
    private VrrpDaemon d2;
    private final List<Sample> samples = new ArrayList<>();
    private final List<long[]> spawns = new ArrayList<>(); // {rep, spawnMicros, context 0=failback 1=after crash}
    private final List<Startup> startups = new ArrayList<>();
    private Path keepFilesIn;
    private Host attacker;

    private Pair(DaemonKind kind, Settings settings, Path launcher, PrintStream log, Lab lab) {
        this.kind = kind;
        this.settings = settings;
        this.launcher = launcher;
        this.log = log;
        this.lab = lab;
        this.db1 = lab.addHost("db1");
        this.db2 = lab.addHost("db2");
        this.cli = lab.addHost("cli");
        this.vip = lab.subnet().address(100).getHostAddress();
    }

    /** Creates the lab, the responders, the (paused) prober and the capture; starts no daemon yet. */
    static Pair open(DaemonKind kind, Settings settings, Path launcher, PrintStream log, int port, Duration probePeriod,
                     Duration probeTimeout, Path keepFilesIn) {
        Lab lab = Lab.create();
        Pair p = null;
        try {
            p = new Pair(kind, settings, launcher, log, lab);
            p.keepFilesIn = keepFilesIn;
            p.r1 = p.keep(Responder.open(p.db1.namespace(), "db1", port));
            p.keep(Responder.open(p.db2.namespace(), "db2", port));
            p.prober = p.keep(Prober.start(p.cli.namespace(), new InetSocketAddress(p.vip, port), probePeriod, probeTimeout));
            p.adverts = p.keep(AdvertWatcher.open(p.cli.namespace(), "eth0"));
            p.capture = p.cli.capture("vrrp or arp");
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

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    DaemonKind kind() {
        return kind;
    }

    Lab lab() {
        return lab;
    }

    List<Sample> samples() {
        return samples;
    }

    List<Startup> startups() {
        return startups;
    }

    /** Starts both daemons and waits until db1 is master and the client gets its answers. */
    void startDaemons() throws InterruptedException {
        d1 = start(db1, Settings.MASTER_PRIORITY);
        d2 = start(db2, Settings.BACKUP_PRIORITY);
        settle(db1, db2, true);
    }

    private VrrpDaemon start(Host h, int priority) {
        return VrrpDaemon.start(kind, h, settings.conf(h.name(), priority, vip), launcher);
    }

    /**
     * Crash of the master: its service stops answering and its daemon gets SIGKILL at the same
     * instant; times db2's takeover; then restores the pair (stale VIP removed for keepalived,
     * as Tandem does itself at start-up; service and daemon restarted) and waits for db1 again.
     */
    Sample crash(int rep) throws InterruptedException {
        prober.active(true);
        try {
            settle(db1, db2, true);
            long advert = awaitMasterAdvert();
            Instant wall = Instant.now();
            long t0 = System.nanoTime();
            r1.stop();
            d1.crash();
            Sample s = measure(Event.CRASH, rep, "db2", t0, wall);
            s.afterAdvertMs = advert < 0 ? Double.NaN : ms(t0 - advert);
            d1.reap();
            if (kind == DaemonKind.KEEPALIVED) {
                db1.exec("ip", "-4", "addr", "del", vip + "/24", "dev", "eth0");
            }
            r1.start();
            settle(db2, db1, false);
            d1 = start(db1, Settings.MASTER_PRIORITY);
            spawns.add(new long[] {rep, micros(d1.spawnedAt()), 1});
            settle(db1, db2, true);
            return s;
        } finally {
            prober.active(false);
        }
    }

    /**
     * Graceful stop of the master's daemon (its service keeps running), then the restart of that
     * daemon: times db2's takeover and db1's preemption. Returns {stop, failback}.
     */
    List<Sample> stopAndFailback(int rep) throws InterruptedException {
        prober.active(true);
        try {
            settle(db1, db2, true);
            long advert = awaitMasterAdvert();
            Instant wall = Instant.now();
            long t0 = System.nanoTime();
            d1.stop();
            Sample stop = measure(Event.STOP, rep, "db2", t0, wall);
            stop.afterAdvertMs = advert < 0 ? Double.NaN : ms(t0 - advert);
            d1.reap();
            settle(db2, db1, true);
            d1 = start(db1, Settings.MASTER_PRIORITY);
            spawns.add(new long[] {rep, micros(d1.spawnedAt()), 0});
            Sample back = measure(Event.FAILBACK, rep, "db1", d1.spawnedNanos(), d1.spawnedAt());
            settle(db1, db2, true);
            return List.of(stop, back);
        } finally {
            prober.active(false);
        }
    }

    /**
     * A flood of invalid adverts of {@code kind} from a third host ("noisy", added on first use) at
     * {@code rate} a second for {@code length}, with db1 master: counts what the client saw
     * (changes of the host answering on the VIP; outage: the sum of the gaps between two answers
     * with failed probes in between, so a stall of the client's own thread does not count),
     * db1's and db2's live adverts heard by the client (db2 sends them only while it acts as
     * master), then waits for db1 to be the only owner again.
     */
    Flood.Result flood(Flood.Kind kind, int rate, Duration length) throws InterruptedException {
        if (attacker == null) {
            attacker = lab.addHost("noisy");
        }
        prober.active(true);
        try {
            settle(db1, db2, true);
            List<byte[]> packets = Flood.packets(kind, settings, attacker.address(), (Inet4Address) InetAddress.getByName(vip));
            long master0 = adverts.count(db1.address());
            long backup0 = adverts.count(db2.address());
            long t0 = System.nanoTime();
            int sent = Flood.send(attacker.namespace(), packets, rate, length);
            long t1 = System.nanoTime();
            long master = adverts.count(db1.address()) - master0;
            long backup = adverts.count(db2.address()) - backup0;
            int moves = 0;
            int failed = 0;
            double outage = 0;
            String holder = "db1";
            long lastAnswer = t0;
            boolean failedSinceAnswer = false;
            for (Prober.Attempt a : prober.since(t0)) {
                if (a.startNanos() - t0 < 0 || a.endNanos() - t1 > 0) {
                    continue;
                }
                if (!a.ok()) {
                    failed++;
                    failedSinceAnswer = true;
                    continue;
                }
                if (!a.host().equals(holder)) {
                    moves++;
                    holder = a.host();
                }
                if (failedSinceAnswer) {
                    outage += ms(a.endNanos() - lastAnswer);
                }
                lastAnswer = a.endNanos();
                failedSinceAnswer = false;
            }
            if (failedSinceAnswer) {
                outage += ms(t1 - lastAnswer);
            }
            long expected = length.toNanos() / settings.advertInterval().toNanos();
            String note = "";
            try {
                settle(db1, db2, true);
            } catch (IllegalStateException e) {
                note = "db1 not the only owner again within " + SETTLE_BOUND.toSeconds() + " s after the flood";
            }
            prober.discardBefore(t1);
            Flood.Result r = new Flood.Result(this.kind, kind, rate, length, sent, moves, outage, failed, master,
                    expected, backup, note);
            log.printf("  %-10s %-15s %4d/s: %d sent, answering host changed %d times, outage %.0f ms, %d failed probes, db1 adverts %d of %d,"
                    + " db2 adverts %d%s%n", this.kind.label(), kind.label(), rate, sent, moves, outage, failed, master, expected,
                    backup, note.isEmpty() ? "" : " (" + note + ")");
            return r;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } finally {
            prober.active(false);
        }
    }

    /** Waits for db1's next advert as the client hears it: the fault then comes at a fixed phase. */
    private long awaitMasterAdvert() throws InterruptedException {
        return adverts.awaitNextFrom(db1.address(), settings.advertInterval().multipliedBy(3).plusSeconds(1));
    }

    /**
     * Waits (bounded by {@link #REP_BOUND}) for the first answer from {@code newOwner} after the
     * fault, watches a short tail, and computes the outage from the probes.
     */
    private Sample measure(Event event, int rep, String newOwner, long t0, Instant wall) throws InterruptedException {
        Sample s = new Sample(kind, event, settings, rep, micros(wall));
        samples.add(s);
        Prober.Attempt first = prober.awaitAnswerFrom(newOwner, t0, REP_BOUND);
        if (first == null) {
            s.ok = false;
            s.note = "no answer from " + newOwner + " within " + REP_BOUND.toSeconds() + " s";
            log.printf("  %-10s %-13s %-5s rep %d: FAILED (%s)%n", kind.label(), event.label(), settings.label(), rep, s.note);
            return s;
        }
        Thread.sleep(TAIL);
        long before = t0 - Duration.ofSeconds(3).toNanos();
        long last = Long.MIN_VALUE;
        String lastHost = "";
        int failuresAfter = 0;
        for (Prober.Attempt a : prober.since(before)) {
            if (a.ok() && a.endNanos() - first.endNanos() < 0 && (last == Long.MIN_VALUE || a.endNanos() - last > 0)) {
                last = a.endNanos();
                lastHost = a.host();
            }
            if (!a.ok() && a.startNanos() - first.endNanos() > 0) {
                failuresAfter++;
            }
        }
        s.ok = true;
        s.faultToAnswerMs = ms(first.endNanos() - t0);
        s.answerMicros = s.faultMicros + (first.endNanos() - t0) / 1000;
        s.outageMs = last == Long.MIN_VALUE ? Double.NaN : ms(first.endNanos() - last);
        s.lastAnswerFrom = lastHost;
        s.failuresAfter = failuresAfter;
        if (last == Long.MIN_VALUE) {
            s.note = "no answer in the 3 s before the fault";
        }
        log.printf("  %-10s %-13s %-5s rep %d: outage %8.1f ms (fault -> %s answers %8.1f ms)%s%n", kind.label(),
                event.label(), settings.label(), rep, s.outageMs, newOwner, s.faultToAnswerMs,
                failuresAfter > 0 ? ", " + failuresAfter + " failed probes after" : "");
        prober.discardBefore(before);
        return s;
    }

    /**
     * Waits until the client has had only answers from {@code master} for a while (at least 1 s and
     * 2 adverts), {@code master} holds the VIP and, if {@code strict}, {@code other} does not.
     */
    private void settle(Host master, Host other, boolean strict) throws InterruptedException {
        Duration window = settings.advertInterval().multipliedBy(2);
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            window = Duration.ofSeconds(1);
        }
        prober.active(true);
        long deadline = System.nanoTime() + SETTLE_BOUND.toNanos();
        while (true) {
            if (prober.steady(master.name(), window) && holdsVip(master) && (!strict || !holdsVip(other))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(kind.label() + ": " + master.name() + " did not become the only VIP owner"
                        + " answering the client within " + SETTLE_BOUND + "; db1 log:\n" + d1.process().tail(15)
                        + "\ndb2 log:\n" + d2.process().tail(15));
            }
            for (VrrpDaemon d : List.of(d1, d2)) {
                if (d.host() == master && !d.isAlive()) {
                    throw new IllegalStateException(d + " exited; log:\n" + d.process().tail(20));
                }
            }
            Thread.sleep(50);
        }
    }

    private boolean holdsVip(Host h) {
        return h.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/24");
    }

    /** VmRSS in KiB of each daemon process, labelled by host and role. */
    Map<String, Long> rss() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (VrrpDaemon d : java.util.stream.Stream.of(d1, d2).filter(java.util.Objects::nonNull).toList()) {
            List<Long> pids = d.pids();
            for (int i = 0; i < pids.size(); i++) {
                String role = kind == DaemonKind.TANDEM ? "jvm" : (i == 0 ? "parent" : "vrrp child");
                out.put(d.host().name() + " " + role, VrrpDaemon.rssKib(pids.get(i)));
            }
        }
        return out;
    }

    /** Stops the capture and adds what it saw to the samples and start-ups. */
    void analyseCapture() {
        capture.stop();
        Wire wire = Wire.parse(capture.read("-e"), Map.of(db1.macAddress(), "db1", db2.macAddress(), "db2"), vip);
        double masterDown150 = ms(settings.masterDown(Settings.MASTER_PRIORITY).toNanos());
        double masterDown100 = ms(settings.masterDown(Settings.BACKUP_PRIORITY).toNanos());
        double skew100 = ms(settings.skew(Settings.BACKUP_PRIORITY).toNanos());
        for (Sample s : samples) {
            String newOwner = s.event == Event.FAILBACK ? "db1" : "db2";
            long t0 = s.faultMicros;
            OptionalLong advert = wire.first(Wire.Kind.ADVERT, newOwner, t0, -1);
            advert.ifPresent(a -> s.toNewAdvertMs = (a - t0) / 1000.0);
            switch (s.event) {
                case CRASH -> wire.lastLive(Wire.Kind.ADVERT, "db1", t0)
                        .ifPresent(l -> s.expectedAdvertMs = (l - t0) / 1000.0 + masterDown100);
                case STOP -> wire.first(Wire.Kind.ADVERT, "db1", t0, 0).ifPresent(z -> {
                    s.toPriorityZeroMs = (z - t0) / 1000.0;
                    s.expectedAdvertMs = s.toPriorityZeroMs + skew100;
                });
                case FAILBACK -> s.expectedAdvertMs = masterDown150;
            }
            if (advert.isPresent()) {
                OptionalLong garp = wire.first(Wire.Kind.GARP, newOwner, advert.getAsLong(), -1);
                garp.ifPresent(g -> {
                    s.advertToGarpMs = (g - advert.getAsLong()) / 1000.0;
                    if (s.ok) {
                        s.garpToAnswerMs = (s.answerMicros - g) / 1000.0;
                    }
                });
            }
        }
        for (long[] sp : spawns) {
            OptionalLong advert = wire.first(Wire.Kind.ADVERT, "db1", sp[1], -1);
            startups.add(new Startup(kind, settings, (int) sp[0], sp[2] == 0 ? "failback" : "after crash", sp[1],
                    advert.isPresent() ? (advert.getAsLong() - sp[1]) / 1000.0 : Double.NaN, masterDown150));
        }
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
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
                failure = failure == null ? new IllegalStateException("closing the " + kind.label() + " pair failed", e) : failure;
            }
        }
        try {
            keepFiles();
        } catch (RuntimeException e) {
            log.println("  could not keep the logs of the " + kind.label() + " pair: " + e);
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

    /** Copies the daemons' logs and configurations and the client's capture out of the lab before it is removed. */
    private void keepFiles() {
        if (keepFilesIn == null) {
            return;
        }
        try {
            Path dir = Files.createDirectories(keepFilesIn);
            for (Host h : List.of(db1, db2, cli)) {
                try (Stream<Path> files = Files.list(h.dir())) {
                    for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".pid")).toList()) {
                        Files.copy(f, dir.resolve(h.name() + "-" + f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
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
