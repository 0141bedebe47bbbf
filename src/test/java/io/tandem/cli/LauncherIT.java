package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launcher {@code target/dist/bin/tandem} as a user runs it: finds a JDK 25, tests a
 * configuration with keepalived's flags, runs the daemon with a pid file, reloads on SIGHUP and
 * stops cleanly on SIGTERM.
 */
class LauncherIT {
    private static final Path TANDEM = Path.of(System.getProperty("tandem.dist", "target/dist"), "bin", "tandem").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private static final String GOOD = """
            global_defs {
                router_id test
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface lo
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    127.0.0.200/8
                }
            }
            """;

    /** No vrrp_instance: the daemon opens no socket and touches no address in the root namespace. */
    private static final String IDLE = """
            global_defs {
                router_id test
            }
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private record Outcome(int exit, String out, String err) {}

    private Outcome run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TANDEM.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("tandem %s finished", List.of(args)).isTrue();
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        Outcome o = run("version");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).startsWith("tandem ").contains("Java 25");
    }

    @Test
    void configTestFlagAndCheckCommandAgree() throws Exception {
        Path bad = write("bad.conf", GOOD.replace("virtual_router_id 51", "virtual_router_id 256"));
        Outcome t = run("-t", "-f", bad.toString());
        Outcome check = run("check", "-f", bad.toString());
        assertThat(t.exit()).isEqualTo(5);
        assertThat(check.exit()).isEqualTo(5);
        assertThat(check.err()).contains(bad + ":7: error: 'virtual_router_id': 256 is outside [1, 255]");
        assertThat(run("-t", "-f", write("good.conf", GOOD).toString()).exit()).isZero();
    }

    @Test
    void missingConfigFileIsNotOk() throws Exception {
        Outcome o = run("check", "-f", dir.resolve("nothere.conf").toString());
        assertThat(o.exit()).isEqualTo(6);
        assertThat(o.err()).contains("nothere.conf:0: fatal: configuration file not found");
    }

    @Test
    void daemonWritesPidFileReloadsOnHupAndStopsOnTerm() throws Exception {
        Path conf = write("idle.conf", IDLE);
        Path pidFile = dir.resolve("tandem.pid");
        Path log = dir.resolve("daemon.log");
        Process p = new ProcessBuilder(TANDEM.toString(), "-n", "-l", "-D", "-f", conf.toString(), "-p", pidFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        awaitLogLine(log, "running 0 vrrp_instance(s)", p);
        assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(p.pid()));

        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        awaitLogLine(log, "SIGHUP: re-reading", p);

        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(pidFile).doesNotExist();
        assertThat(Files.readString(log)).contains("stopped");
    }

    @Test
    void daemonRefusesAConfigurationThatCannotRun() throws Exception {
        Outcome o = run("-n", "-f", dir.resolve("nothere.conf").toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("configuration cannot run");
    }

    @Test
    void aMissingInterfaceStopsTheDaemonWithTheErrnoAndAHint() throws Exception {
        Outcome o = run("-n", "-f", write("eth9.conf", GOOD.replace("interface lo", "interface eth9")).toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("cannot start the VRRP instances").contains("ENODEV").contains("interface missing");
    }

    @Test
    void withoutRootTheDaemonSaysWhichPrivilegeIsMissing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "needs root to drop to nobody");
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "tandem-nobody");
        try {
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path conf = shared.resolve("lo.conf");
            Files.writeString(conf, GOOD);
            Process p = new ProcessBuilder("runuser", "-u", "nobody", "--", TANDEM.toString(), "-n", "-f", conf.toString())
                    .redirectErrorStream(true).start();
            started.add(p);
            assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("EPERM").contains("CAP_NET_RAW");
        } finally {
            try (var files = Files.list(shared)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(shared);
        }
    }

    /** Waits, bounded, for the daemon to log a line; fails early if it exits. */
    private static void awaitLogLine(Path log, String fragment, Process p) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(fragment)) {
                return;
            }
            assertThat(p.isAlive()).as("daemon still running; log so far:\n%s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no log line containing '" + fragment + "' within " + WAIT + ":\n" + Files.readString(log));
    }
}
