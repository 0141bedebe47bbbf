package io.tandem.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Debian package built by {@code scripts/package}: installed into, removed from and purged
 * from a clean root with {@code dpkg --root} (maintainer scripts run with DPKG_ROOT set, nothing
 * touches this machine's own files), and its systemd unit accepted by {@code systemd-analyze
 * verify} as it would be installed (the package's /usr laid over this machine's in a private
 * mount namespace, so the ExecStart binary and the man page exist).
 */
class DebianPackageIT {
    private static Path deb;
    private Path work;

    private record Run(int exit, String out) {}

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Run ok(String... command) throws IOException, InterruptedException {
        Run r = run(null, command);
        assertThat(r.exit()).as(String.join(" ", command) + "\n" + r.out()).isZero();
        return r;
    }

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(Path.of("/usr/bin/dpkg-deb").toFile().canExecute(), "needs dpkg-deb");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (dpkg --root sets owners, unshare --mount)");
        Run r = run(Path.of("").toAbsolutePath(), "bash", "scripts/package", "--no-build");
        assertThat(r.exit()).as(r.out()).isZero();
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            deb = s.filter(p -> p.getFileName().toString().matches("tandem_.*_all\\.deb")).findFirst().orElseThrow().toAbsolutePath();
        }
        System.out.printf("package %s: %d KiB%n", deb.getFileName(), Files.size(deb) / 1024);
    }

    @BeforeEach
    void dir() throws IOException {
        work = Files.createTempDirectory("tandem-deb-");
    }

    @AfterEach
    void clean() throws IOException {
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** What every Debian root has before the package comes: user databases and systemd's directory. */
    private static void skeleton(Path root) throws IOException {
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "etc/systemd/system")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String f : List.of("var/lib/dpkg/status", "var/lib/dpkg/available", "etc/.pwd.lock")) {
            Files.createFile(root.resolve(f));
        }
        for (String db : List.of("passwd", "group", "shadow", "gshadow")) {
            String text = switch (db) {
                case "passwd" -> "root:x:0:0:root:/root:/bin/bash\n";
                case "group" -> "root:x:0:\n";
                default -> "root:*::\n";
            };
            Files.writeString(root.resolve("etc/" + db), text);
            Files.writeString(root.resolve("etc/" + db + "-"), text);
        }
    }

    /** Every path under the root except dpkg's own database. */
    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).filter(p -> !p.isEmpty() && !p.startsWith("var/lib/dpkg"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Run dpkg(Path root, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends"));
        cmd.addAll(List.of(args));
        return ok(cmd.toArray(String[]::new));
    }

    @Test
    void installRemovePurgeInACleanRootLeavesOnlyTheConfigurationThenNothing() throws Exception {
        Path root = work.resolve("root");
        skeleton(root);
        Set<String> before = tree(root);
        String passwd = Files.readString(root.resolve("etc/passwd"));
        String group = Files.readString(root.resolve("etc/group"));

        dpkg(root, "-i", deb.toString());
        Set<String> listed = new TreeSet<>(List.of(ok("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-L", "tandem")
                .out().split("\n")));
        assertThat(listed).contains("/usr/sbin/tandem", "/usr/share/tandem/bin/tandem", "/usr/share/tandem/libexec/find-jdk.sh",
                "/lib/systemd/system/tandem.service", "/usr/lib/sysusers.d/tandem.conf", "/etc/tandem/keepalived.conf",
                "/usr/share/man/man8/tandem.8.gz");
        assertThat(listed).anyMatch(p -> p.matches("/usr/share/tandem/lib/tandem-.*\\.jar"));
        assertThat(ok("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${Conffiles}", "tandem").out())
                .contains("/etc/tandem/keepalived.conf");
        assertThat(Files.readString(root.resolve("etc/passwd"))).containsPattern("(?m)^tandem:x:\\d+:\\d+:[^:]*:/nonexistent:/usr/sbin/nologin$");
        assertThat(Files.readString(root.resolve("etc/group"))).containsPattern("(?m)^tandem:x:\\d+:");
        // the installed launcher finds a JDK and its jars
        assertThat(ok(root.resolve("usr/sbin/tandem").toString(), "version").out()).startsWith("tandem ");
        // the sample parses; its one error is the MySQL password file it asks the administrator to create
        Run check = run(null, root.resolve("usr/sbin/tandem").toString(), "-t", "-f", root.resolve("etc/tandem/keepalived.conf").toString());
        assertThat(check.out().lines().filter(l -> l.matches(".*: (fatal|error|warning|security): .*")))
                .as(check.out()).singleElement().asString().contains("password_file '/etc/tandem/mysql.pass' not found");
        assertThat(check.exit()).isEqualTo(5);

        // the administrator enabled the service (what 'systemctl enable tandem' leaves behind)
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants");
        Files.createDirectories(wants);
        Files.createSymbolicLink(wants.resolve("tandem.service"), Path.of("/lib/systemd/system/tandem.service"));

        dpkg(root, "-r", "tandem");
        Set<String> afterRemove = tree(root);
        Set<String> expected = new TreeSet<>(before);
        expected.addAll(List.of("etc/tandem", "etc/tandem/keepalived.conf"));
        assertThat(afterRemove).as("after remove: only the configuration is left").isEqualTo(expected);

        dpkg(root, "-P", "tandem");
        assertThat(tree(root)).as("after purge: nothing is left").isEqualTo(before);
        assertThat(Files.readString(root.resolve("etc/passwd"))).isEqualTo(passwd);
        assertThat(Files.readString(root.resolve("etc/group"))).isEqualTo(group);
        Run forgotten = run(null, "dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "tandem");
        assertThat(forgotten.exit()).as("dpkg forgets the package: " + forgotten.out()).isEqualTo(1);
    }

    @Test
    void systemdAcceptsTheUnitAsInstalledAndTheManPageRendersCleanly() throws Exception {
        assumeTrue(Path.of("/usr/bin/systemd-analyze").toFile().canExecute(), "needs systemd-analyze (scripts/setup)");
        Path tree = work.resolve("tree");
        ok("dpkg-deb", "-x", deb.toString(), tree.toString());
        Path unit = tree.resolve("lib/systemd/system/tandem.service");
        Run verify = ok("unshare", "--mount", "sh", "-c", "mount --make-rprivate / && mount -t overlay overlay -o lowerdir="
                + tree.resolve("usr") + ":/usr /usr && systemd-analyze verify " + unit);
        assertThat(verify.out()).as("systemd-analyze verify says nothing about the unit").isEmpty();

        String unitText = Files.readString(unit);
        assertThat(unitText).contains("User=tandem", "NoNewPrivileges=yes", "ProtectSystem=strict", "Restart=on-failure",
                "-p /run/tandem/tandem.pid", "RuntimeDirectory=tandem");

        Run groff = ok("sh", "-c", "zcat " + tree.resolve("usr/share/man/man8/tandem.8.gz") + " | groff -man -ww -z 2>&1");
        assertThat(groff.out()).as("groff warnings").isEmpty();
        String man = ok("sh", "-c", "MANWIDTH=100 man -l " + tree.resolve("usr/share/man/man8/tandem.8.gz") + " 2>&1").out();
        assertThat(man).contains("EXIT STATUS", "SIGNALS", "FILES", "ENVIRONMENT", "already running", "SIGHUP");
    }
}
