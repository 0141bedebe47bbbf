package io.tandem.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lab itself, on real namespaces and real MariaDB servers. Needs root; skipped otherwise. */
class LabIT {
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @BeforeEach
    void needsRootAndMariaDb() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
        assumeTrue(MariaDb.isInstalled(), "lab tests need Debian's mariadb-server");
    }

    @Test
    void twoMastersAndTwoReplicasCarryWritesFromBothMastersEverywhere() {
        Lab lab = Lab.create();
        List<LabProcess> processes;
        try {
            MariaDb db1 = lab.addHost("db1").startMariaDb();
            MariaDb db2 = lab.addHost("db2").startMariaDb();
            MariaDb r1 = lab.addHost("r1").startMariaDb();
            MariaDb r2 = lab.addHost("r2").startMariaDb();
            assertThat(List.of(db1, db2, r1, r2)).extracting(MariaDb::gtidDomainId).doesNotHaveDuplicates();
            assertThat(List.of(db1, db2, r1, r2)).extracting(MariaDb::serverId).doesNotHaveDuplicates();
            assertThat(lab.hosts()).allSatisfy(h -> assertThat(lab.subnet().contains(h.address())).isTrue());

            Replication.masterMaster(db1, db2);
            Replication.replica(db1, r1);
            Replication.replica(db2, r2);

            db1.sql("CREATE DATABASE lab; CREATE TABLE lab.t (id INT PRIMARY KEY, origin VARCHAR(8) NOT NULL)");
            Replication.awaitCaughtUp(db2, db1.gtidBinlogPos(), CONVERGE);
            db1.sql("INSERT INTO lab.t VALUES (1, 'db1'), (2, 'db1'), (3, 'db1')");
            db2.sql("INSERT INTO lab.t VALUES (101, 'db2'), (102, 'db2')");
            Replication.awaitConverged(CONVERGE, db1, db2, r1, r2);

            for (MariaDb server : List.of(db1, db2, r1, r2)) {
                assertThat(server.sql("SELECT id, origin FROM lab.t ORDER BY id"))
                        .as("rows on %s", server.host().name())
                        .containsExactly(List.of("1", "db1"), List.of("2", "db1"), List.of("3", "db1"),
                                List.of("101", "db2"), List.of("102", "db2"));
                ReplicaStatus status = server.replicaStatus().orElseThrow();
                assertThat(status.healthy()).as("%s: %s", server.host().name(), status.summary()).isTrue();
                assertThat(status.usingGtid()).isEqualTo("Slave_Pos");
            }
            assertThat(r1.replicaStatus().orElseThrow().masterHost()).isEqualTo(db1.address().getHostAddress());
            assertThat(r2.replicaStatus().orElseThrow().masterHost()).isEqualTo(db2.address().getHostAddress());
            assertThat(List.of(r1.readOnly(), r2.readOnly(), db1.readOnly(), db2.readOnly()))
                    .containsExactly(true, true, false, false);
            r1.sql("SET SESSION sql_log_bin = 0; CREATE USER app@localhost IDENTIFIED BY 'app';"
                    + " GRANT ALL ON lab.* TO app@localhost");
            assertThatThrownBy(() -> r1.sqlAs("app", "app", "INSERT INTO lab.t VALUES (999, 'r1')"))
                    .isInstanceOf(LabException.class).hasMessageContaining("1290");
            assertThat(r1.sqlAs("app", "app", "SELECT COUNT(*) FROM lab.t")).containsExactly(List.of("5"));
            assertThat(db1.rss()).isBetween(10L << 20, 1L << 30);
            assertThat(db1.sqlValue("SELECT CONCAT('a', CHAR(9), 'b')")).isEqualTo("a\tb");
            assertThat(db1.sqlValue("SELECT NULL")).isNull();

            // crash and restart: replication resumes by itself
            db2.kill9();
            db1.sql("INSERT INTO lab.t VALUES (4, 'db1')");
            db2.start();
            Replication.awaitConverged(CONVERGE, db1, db2, r1, r2);
            assertThat(r2.sqlValue("SELECT COUNT(*) FROM lab.t")).isEqualTo("6");

            processes = lab.processes();
            assertThat(processes).hasSize(5).allSatisfy(p -> assertThat(p.command().getFirst()).endsWith("mariadbd"));
            assertThat(processes).filteredOn(LabProcess::isAlive).hasSize(4);
        } finally {
            lab.close();
        }
        assertNothingLeft(lab, processes);
    }

    @Test
    void hostsTalkOverTheBridgeAndDaemonsCanBeSignalledCapturedAndCut() throws IOException {
        List<LabProcess> processes;
        Lab lab = Lab.create();
        try {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            String bAddr = b.address().getHostAddress();
            assertThat(a.execOrThrow("ip", "-o", "-4", "addr", "show", "eth0").stdout())
                    .contains(a.address().getHostAddress() + "/24");
            assertThat(a.execOrThrow("ip", "link", "show", "eth0").stdout()).contains(a.macAddress());
            assertThat(a.exec("false").exitCode()).isEqualTo(1);
            assertThatThrownBy(() -> a.execOrThrow("ls", "/nonexistent")).isInstanceOf(LabException.class)
                    .hasMessageContaining("No such file");

            Capture capture = a.capture("arp");
            b.execOrThrow("arping", "-q", "-c", "2", "-W", "0.1", "-w", "2", "-i", "eth0",
                    a.address().getHostAddress());
            assertThat(capture.stop().packets())
                    .filteredOn(line -> line.contains("Request who-has " + a.address().getHostAddress() + " tell " + bAddr))
                    .hasSize(2);

            LabProcess sleeper = a.spawn("sleeper", "sleep", "600");
            Path proc = Path.of("/proc", Long.toString(sleeper.pid()));
            assertThat(Files.readString(proc.resolve("comm")).strip()).isEqualTo("sleep");
            assertThat(Files.readSymbolicLink(proc.resolve("ns/net")).toString())
                    .isEqualTo("net:[" + Files.getAttribute(Path.of("/run/netns", a.namespace()), "unix:ino") + "]");
            sleeper.pause();
            awaitState(proc, 'T');
            sleeper.resume();
            awaitState(proc, 'S');
            assertThat(sleeper.terminate()).isEqualTo(143);
            assertThat(sleeper.isAlive()).isFalse();
            assertThatThrownBy(() -> a.spawn("nothing", "/nonexistent/daemon")).isInstanceOf(LabException.class);

            a.linkDown();
            assertThat(ping(b, a)).isFalse();
            a.linkUp();
            assertThat(ping(b, a)).isTrue();
            a.disconnect();
            assertThat(a.execOrThrow("cat", "/sys/class/net/eth0/carrier").stdout().strip()).isEqualTo("1");
            assertThat(ping(b, a)).isFalse();
            a.reconnect();
            assertThat(ping(b, a)).isTrue();

            a.addInterface("eth1");
            assertThat(a.interfaces()).containsExactlyInAnyOrder("eth0", "eth1");
            assertThat(a.execOrThrow("cat", "/sys/class/net/eth1/operstate").stdout().strip()).isEqualTo("up");
            processes = lab.processes();
            assertThat(processes).hasSize(3); // tcpdump, sleep, the failed spawn
        } finally {
            lab.close();
        }
        assertNothingLeft(lab, processes);
    }

    /**
     * Teardown sends SIGTERM and then SIGCONT: the SIGCONT meets a process that may have died of the
     * SIGTERM a moment before, before the JVM reaped it. That is not an error (it once failed a
     * whole CI run in a test's teardown).
     */
    @Test
    void aSignalToAProcessThatJustDiedIsNotAnError() {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            for (int i = 0; i < 40; i++) {
                LabProcess sleeper = a.spawn("sleeper-" + i, "sleep", "600");
                sleeper.signal(Signal.TERM);
                sleeper.signal(Signal.CONT);
                assertThat(sleeper.waitFor(Duration.ofSeconds(10))).as("sleeper %d ends on SIGTERM", i).isTrue();
                assertThat(sleeper.exitCode()).hasValue(143);
            }
        }
    }

    @Test
    void twoLabsAtTheSameTimeDoNotCollide() throws Exception {
        List<Lab> labs = new ArrayList<>();
        try {
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Lab>> futures = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    futures.add(pool.submit(() -> {
                        Lab lab = Lab.create();
                        synchronized (labs) {
                            labs.add(lab);
                        }
                        lab.addHost("db1");
                        lab.addHost("db2");
                        return lab;
                    }));
                }
                for (Future<Lab> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            Lab x = labs.get(0);
            Lab y = labs.get(1);
            assertThat(x.id()).isNotEqualTo(y.id());
            assertThat(x.subnet()).isNotEqualTo(y.subnet());
            assertThat(x.dir()).isNotEqualTo(y.dir());
            assertThat(x.host("db1").namespace()).isNotEqualTo(y.host("db1").namespace());
            assertThat(ping(x.host("db1"), x.host("db2"))).isTrue();
            assertThat(ping(y.host("db1"), y.host("db2"))).isTrue();
            // a host of one lab cannot reach the other lab at all
            assertThat(ping(x.host("db1"), y.host("db2"))).isFalse();

            x.close();
            assertNothingLeft(x, List.of());
            assertThat(ping(y.host("db2"), y.host("db1"))).isTrue();
        } finally {
            for (Lab lab : labs) {
                lab.close();
            }
        }
        assertThat(labs).hasSize(2);
        assertNothingLeft(labs.get(1), List.of());
    }

    @Test
    void keepalivedPeersElectOneMasterOverTheLabBridge() throws Exception {
        List<LabProcess> processes;
        Lab lab = Lab.create();
        try {
            Host db1 = lab.addHost("db1");
            Host db2 = lab.addHost("db2");
            String vip = lab.subnet().address(100).getHostAddress();
            Capture capture = db2.capture("vrrp");
            for (Host host : List.of(db1, db2)) {
                Path conf = host.dir().resolve("keepalived.conf");
                Files.writeString(conf, """
                        global_defs {
                            router_id %s
                        }
                        vrrp_instance VI_W {
                            state BACKUP
                            interface eth0
                            virtual_router_id 51
                            priority %d
                            advert_int 1
                            virtual_ipaddress {
                                %s/24
                            }
                        }
                        """.formatted(host.name(), host == db1 ? 150 : 100, vip));
                host.spawn("keepalived", "keepalived", "--dont-fork", "--log-console", "--log-detail", "--no-syslog",
                        "--vrrp", "--use-file=" + conf, "--pid=" + host.dir().resolve("keepalived.pid"),
                        "--vrrp_pid=" + host.dir().resolve("keepalived-vrrp.pid"));
            }
            Poll.until(Duration.ofSeconds(20), Duration.ofMillis(50),
                    () -> db1.execOrThrow("ip", "-o", "-4", "addr", "show", "eth0").stdout().contains(vip + "/24"),
                    () -> "no VIP on db1; log:\n" + lab.processes().get(1).tail(20));
            assertThat(db2.execOrThrow("ip", "-o", "-4", "addr", "show", "eth0").stdout()).doesNotContain(vip);
            Poll.until(Duration.ofSeconds(5), Duration.ofMillis(50),
                    () -> capture.packets().stream().anyMatch(l -> l.contains(
                            db1.address().getHostAddress() + " > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150")),
                    () -> "no advert from db1 seen on db2: " + capture.packets());
            processes = lab.processes();
        } finally {
            lab.close();
        }
        assertNothingLeft(lab, processes);
    }

    @Test
    void createSweepsWhatACrashedRunLeftBehind() throws Exception {
        String id = freeId();
        String orphanId = freeId();
        Path dir = Runs.ROOT.resolve(id);
        List<String> namespaces = List.of("tdm-" + id + "-db1", "tdm-" + id + "-sw", "tdm-" + orphanId + "-x");
        Process leftover = null;
        try {
            Process finished = new ProcessBuilder("true").start();
            finished.waitFor();
            Files.createDirectories(dir.resolve("db1"));
            Files.writeString(dir.resolve("owner.pid"), finished.pid() + "\n");
            Files.writeString(dir.resolve("db1/some.log"), "left behind\n");
            for (String ns : namespaces) {
                Exec.run(Duration.ofSeconds(10), List.of("ip", "netns", "add", ns)).orThrow();
            }
            leftover = new ProcessBuilder("ip", "netns", "exec", namespaces.getFirst(), "sleep", "600").start();
            Process sleeper = leftover;
            awaitTrue(() -> Netns.pids(namespaces.getFirst()).contains(sleeper.pid()));

            try (Lab lab = Lab.create()) {
                assertThat(lab.id()).isNotIn(id, orphanId);
                assertThat(Netns.list()).doesNotContainAnyElementsOf(namespaces);
                assertThat(dir).doesNotExist();
                assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            if (leftover != null) {
                leftover.destroyForcibly();
            }
            for (String ns : namespaces) {
                Exec.run(Duration.ofSeconds(10), List.of("ip", "netns", "delete", ns));
            }
            Runs.deleteTree(dir);
        }
    }

    @Test
    void sigtermOfTheJvmTearsTheLabDown() throws Exception {
        Path classes = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-cp", classes.toString(),
                Demo.class.getName(), "--hold", "--rows", "1").redirectErrorStream(true).start();
        String id = null;
        StringBuilder output = new StringBuilder();
        try {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
                lines.add("<eof>");
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (id == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                output.append(line).append('\n');
                if (line.equals("<eof>")) {
                    break;
                }
                if (line.startsWith("HOLDING lab ")) {
                    id = line.substring("HOLDING lab ".length()).strip();
                }
            }
            assertThat(id).as("Demo --hold output:\n%s", output).isNotNull();
            String prefix = "tdm-" + id + "-";
            assertThat(Netns.list()).anyMatch(ns -> ns.startsWith(prefix));
            assertThat(output.toString()).contains("a write VIP")
                    .contains("2 rows (1 from db1, 1 from db2)")
                    .containsPattern("VIP on db2 after \\d+ ms; first write through it after \\d+ ms \\(server_id 12\\)")
                    .contains("VRRP Instance VI_WRITE - Entering MASTER state");

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Netns.list()).noneMatch(ns -> ns.startsWith(prefix));
            assertThat(Runs.ROOT.resolve(id)).doesNotExist();
            assertThat(processesMentioning(Runs.ROOT.resolve(id).toString())).isEmpty();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            Runs.sweep(); // removes the child's run if its hook did not
        }
    }

    private static void assertNothingLeft(Lab lab, List<LabProcess> processes) {
        assertThat(lab.isClosed()).isTrue();
        assertThat(Netns.list()).noneMatch(ns -> ns.startsWith(lab.namespacePrefix()));
        assertThat(lab.dir()).doesNotExist();
        assertThat(processes).noneMatch(LabProcess::isAlive);
        assertThat(processesMentioning(lab.dir().toString())).isEmpty();
    }

    /** Pids of processes whose command line mentions {@code text}. */
    private static List<Long> processesMentioning(String text) {
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            return proc.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .contains(text);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(pid -> pid != ProcessHandle.current().pid())
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One ARP ping from {@code from} to {@code to} (no ICMP ping on this machine), waiting at most 1 s. */
    private static boolean ping(Host from, Host to) {
        return from.exec("arping", "-q", "-c", "1", "-w", "1", "-i", "eth0", to.address().getHostAddress()).ok();
    }

    private static void awaitState(Path proc, char state) {
        awaitTrue(() -> {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == state;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), condition, () -> "condition not met in 10 s");
    }

    private static String freeId() {
        while (true) {
            String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
            if (!Files.exists(Runs.ROOT.resolve(id)) && Netns.list().stream().noneMatch(ns -> ns.contains(id))) {
                return id;
            }
        }
    }
}
