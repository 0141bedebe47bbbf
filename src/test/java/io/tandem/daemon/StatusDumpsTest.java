package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusDumpsTest {
    @TempDir
    Path dir;

    @Test
    void theDirectoryIsKeepalivedsTmpdirRule() {
        assertThat(StatusDumps.directory("/run/tandem")).isEqualTo(Path.of("/run/tandem"));
        assertThat(StatusDumps.directory("relative")).isEqualTo(Path.of("/tmp"));
        assertThat(StatusDumps.directory(null)).isEqualTo(Path.of("/tmp"));
    }

    @Test
    void aPlantedSymlinkIsReplacedNotFollowed() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Files.createSymbolicLink(dir.resolve(StatusDumps.STATS), victim);
        StatusDumps d = new StatusDumps(new StatusBoard("x.conf", new ControlLoop(Duration.ofMillis(250))), dir);
        d.write(StatusDumps.STATS, "VRRP Instance: VI_1\n");
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(dir.resolve(StatusDumps.STATS))).isFalse();
        assertThat(Files.readString(dir.resolve(StatusDumps.STATS))).isEqualTo("VRRP Instance: VI_1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(StatusDumps.STATS)))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("victim", StatusDumps.STATS);
        }
    }
}
