package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tandem run exactly as the packaged systemd unit runs it, without root: a dedicated user, the
 * unit's capability set (read from src/main/deb/tandem.service: ambient, inheritable and bounding
 * set), no new privileges, a pid file in a directory that user owns (the unit's RuntimeDirectory)
 * and a root-owned configuration. Paired with a root Tandem, the VIP still moves both ways; a
 * tracked script runs as the service user although script_user says root; a second start with
 * the same pid file is refused. The user is created and removed here.
 */
class VrrpServiceUserIT {
    private static final String USER = "tandemtest";
    private static final Path UNIT = Path.of("src/main/deb/tandem.service");

    private VrrpLab v;
    private boolean createdUser;
    private Path svc;

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        assumeTrue(Path.of("/usr/bin/setpriv").toFile().canExecute(), "needs setpriv (util-linux)");
        assumeTrue(run("id", USER) != 0, "user " + USER + " exists already; remove it (userdel " + USER + ")");
        assertThat(run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", USER)).isZero();
        createdUser = true;
        svc = Files.createTempDirectory("tandem-svc-");
        Files.setPosixFilePermissions(svc, PosixFilePermissions.fromString("rwxr-xr-x"));
        v = new VrrpLab();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (v != null) {
                v.close();
            }
        } finally {
            if (svc != null) {
                try (Stream<Path> s = Files.walk(svc)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            if (createdUser) {
                deleteTree(Path.of("/tmp/hsperfdata_" + USER)); // the JVM's perf data directory of our user
                run("userdel", USER);
                if (run("getent", "group", USER) == 0) {
                    run("groupdel", USER);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The unit's AmbientCapabilities, as setpriv's cap list: "+net_raw,+net_admin". */
    static String unitCapabilities() throws IOException {
        List<String> lines = Files.readAllLines(UNIT);
        String ambient = lines.stream().filter(l -> l.startsWith("AmbientCapabilities=")).findFirst().orElseThrow().substring(20);
        String bounding = lines.stream().filter(l -> l.startsWith("CapabilityBoundingSet=")).findFirst().orElseThrow().substring(22);
        assertThat(bounding).as("the unit's bounding set is its ambient set").isEqualTo(ambient);
        assertThat(lines).as("the unit runs with NoNewPrivileges").contains("NoNewPrivileges=yes");
        return Arrays.stream(ambient.trim().split("\\s+"))
                .map(c -> "+" + c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", "")).collect(Collectors.joining(","));
    }

    /** Starts Tandem in {@code h} as the unit would: same user model, capabilities, no-new-privs, pid file. */
    private LabProcess tandemAsService(Host h, String conf, Path runDir) throws Exception {
        Path file = svc.resolve(h.name() + ".conf");
        Files.writeString(file, conf);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String caps = unitCapabilities();
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid", USER, "--regid", USER, "--init-groups",
                "--inh-caps", "-all," + caps, "--ambient-caps", caps, "--bounding-set", "-all," + caps, "--no-new-privs",
                VrrpLab.TANDEM.toString(), "-f", file.toString(), "-p", runDir.resolve("tandem.pid").toString()));
        return h.spawn("tandem-svc", argv.toArray(String[]::new));
    }

    private Path runDir(String name) throws IOException {
        Path dir = svc.resolve(name);
        Files.createDirectory(dir);
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(dir, owner);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        return dir;
    }

    @Test
    void serviceUserWithTheUnitsCapabilitiesHoldsAndHandsOverTheVip() throws Exception {
        Host db1 = v.db1;
        Host db2 = v.db2;
        Path run1 = runDir("run-db1");
        // a tracked script that passes only when run as the service user (test -O: owned by the effective uid);
        // weight 0: if it failed or could not run, db1 would stay in FAULT and never hold the VIP
        String conf1 = v.conf(db1, 150, 3, "track_script {\n chk_user\n }",
                "vrrp_script chk_user {\n script \"/usr/bin/test -O " + run1 + "\"\n interval 1\n weight 0\n fall 1\n rise 1\n}");
        LabProcess t1 = tandemAsService(db1, conf1, run1);
        t1.awaitLog("running 1 vrrp_instance(s)", VrrpLab.WAIT);
        String status = Files.readString(Path.of("/proc/" + t1.pid() + "/status"), StandardCharsets.US_ASCII);
        long uid = (Integer) Files.getAttribute(Path.of("/proc/" + t1.pid()), "unix:uid");
        assertThat(uid).as("the daemon does not run as root").isNotZero();
        assertThat(status).containsPattern("(?m)^CapEff:\\s+0000000000003000$").containsPattern("(?m)^CapBnd:\\s+0000000000003000$")
                .containsPattern("(?m)^NoNewPrivs:\\s+1$");
        Path pid = run1.resolve("tandem.pid");
        assertThat(Files.readString(pid).strip()).isEqualTo(String.valueOf(t1.pid()));
        assertThat(t1.logText()).contains("script_user is root but Tandem runs as " + USER);

        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 3, "", ""));
        v.awaitMaster(db1, db2, t1, t2);

        // a second daemon with the same pid file is refused before it touches anything
        LabProcess twin = tandemAsService(db1, conf1, run1);
        assertThat(twin.waitFor(VrrpLab.WAIT)).isTrue();
        assertThat(twin.exitCode()).hasValue(1);
        assertThat(twin.logText()).contains("tandem is already running with pid file " + pid + " (pid " + t1.pid() + ")");
        assertThat(v.holdsVip(db1)).as("the refused twin left the VIP alone").isTrue();
        assertThat(t1.isAlive()).isTrue();

        t1.signal(Signal.TERM);
        Duration takeover = VrrpLab.await(() -> v.holdsVip(db2), () -> t2.tail(30));
        assertThat(t1.waitFor(VrrpLab.WAIT)).isTrue();
        assertThat(t1.exitCode()).hasValue(0);
        assertThat(v.holdsVip(db1)).as("the non-root master released the VIP").isFalse();
        assertThat(Files.exists(pid)).as("pid file removed at exit").isFalse();
        System.out.printf("root tandem takes over from the service-user tandem after SIGTERM: %d ms%n", takeover.toMillis());

        LabProcess back = tandemAsService(db1, conf1, run1);
        Duration preempt = VrrpLab.await(() -> v.holdsVip(db1) && !v.holdsVip(db2), () -> back.tail(30));
        System.out.printf("service-user tandem preempts back: %d ms after start%n", preempt.toMillis());
        t2.awaitLogContains("MASTER -> BACKUP");
        assertThat(back.terminate()).isZero();
    }
}
