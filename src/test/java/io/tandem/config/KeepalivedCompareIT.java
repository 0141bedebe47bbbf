package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tandem check} exits with the same code as real {@code keepalived -t} on every corpus
 * file. Both run in one lab host whose interfaces are the corpus's (eth0 192.168.1.10/24, eth1
 * 10.0.0.10/24), on a root-owned copy of the corpus that passes keepalived's script permission
 * rule (corpus/README.md).
 */
class KeepalivedCompareIT {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path TANDEM = Path.of(System.getProperty("tandem.dist", "target/dist"), "bin", "tandem");

    private static Lab lab;
    private static Host host;
    private static Path copy;

    record Case(String file, int keepalivedExit, String description) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Case> corpus() throws IOException {
        return Files.readAllLines(CORPUS.resolve("MANIFEST.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(f -> new Case(f[0], Integer.parseInt(f[1]), f[2]));
    }

    @BeforeAll
    static void lab() throws IOException {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "needs keepalived (scripts/setup installs it)");
        assertThat(TANDEM).as("the distribution is built before the lab tests").isExecutable();
        lab = Lab.create();
        host = lab.addHost("cfg");
        host.execOrThrow("ip", "addr", "flush", "dev", "eth0");
        host.execOrThrow("ip", "addr", "add", "192.168.1.10/24", "dev", "eth0");
        host.addInterface("eth1");
        host.execOrThrow("ip", "addr", "add", "10.0.0.10/24", "dev", "eth1");
        copy = materialize(lab.dir().resolve("corpus"));
    }

    @AfterAll
    static void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    /** A copy with @CORPUS@ replaced, directories 0755, files 0644, scripts 0755, the insecure one 0777. */
    private static Path materialize(Path target) throws IOException {
        try (Stream<Path> all = Files.walk(CORPUS)) {
            for (Path src : all.toList()) {
                Path dst = target.resolve(CORPUS.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                    Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    String text = Files.readString(src, StandardCharsets.UTF_8)
                            .replace("@CORPUS@", target.toAbsolutePath().toString());
                    Files.writeString(dst, text, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString(
                            src.toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(target.resolve("scripts/check_mysql-world-writable.sh"),
                PosixFilePermissions.fromString("rwxrwxrwx"));
        // every ancestor must pass keepalived's rule too: root-owned, not writable by others unless sticky
        for (Path p = target.toAbsolutePath(); p != null; p = p.getParent()) {
            assertThat(Files.getOwner(p).getName()).as("owner of %s", p).isEqualTo("root");
        }
        return target;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void tandemCheckExitsLikeKeepalived(Case c) {
        String file = copy.resolve(c.file()).toString();
        CommandResult keepalived = host.exec("keepalived", "-t", "-l", "-n", "-f", file);
        CommandResult tandem = host.exec(TANDEM.toAbsolutePath().toString(), "check", "-q", "-f", file);
        assertThat(keepalived.exitCode())
                .as("keepalived -t on %s (the corpus's recorded ground truth still holds here)\n%s", c.file(), keepalived.stderr())
                .isEqualTo(c.keepalivedExit());
        assertThat(tandem.exitCode())
                .as("tandem check on %s; keepalived said:\n%s\ntandem said:\n%s", c.file(), keepalived.stderr(), tandem.stderr())
                .isEqualTo(keepalived.exitCode());
    }
}
