package io.tandem.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeriodicCheckTest {
    @TempDir
    Path dir;

    @Test
    void reportsEachRunOfARealScriptAndFollowsItsExitCode() throws Exception {
        Path flag = dir.resolve("down");
        Path script = dir.resolve("chk.sh");
        Files.writeString(script, "#!/bin/sh\n[ ! -e " + flag + " ]\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        LinkedBlockingQueue<CheckReport> reports = new LinkedBlockingQueue<>();
        ScriptProbe probe = new ScriptProbe(new ScriptExecutor(),
                new ScriptCommand(List.of(script.toString()), Duration.ofSeconds(2), Optional.empty(), "vrrp_script chk"));
        try (PeriodicCheck c = new PeriodicCheck("chk", probe, Duration.ofMillis(50), reports::add).start()) {
            CheckReport first = reports.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.check()).isEqualTo("chk");
            assertThat(first.result().success()).isTrue();
            Files.createFile(flag);
            CheckReport failed = null;
            for (int i = 0; i < 100 && failed == null; i++) {
                CheckReport r = reports.poll(10, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                if (!r.result().success()) {
                    failed = r;
                }
            }
            assertThat(failed).as("a failing run is reported").isNotNull();
            assertThat(failed.result().detail()).isEqualTo("exited 1");
        }
    }

    @Test
    void aProbeThatThrowsIsAFailureAndTheCheckGoesOn() throws Exception {
        LinkedBlockingQueue<CheckReport> reports = new LinkedBlockingQueue<>();
        int[] calls = {0};
        Probe flaky = () -> {
            if (calls[0]++ % 2 == 0) {
                throw new IllegalStateException("boom");
            }
            return new ProbeResult(true, Duration.ZERO, "ok");
        };
        try (PeriodicCheck c = new PeriodicCheck("flaky", flaky, Duration.ofMillis(10), reports::add).start()) {
            CheckReport a = reports.poll(10, TimeUnit.SECONDS);
            CheckReport b = reports.poll(10, TimeUnit.SECONDS);
            assertThat(a.result().success()).isFalse();
            assertThat(a.result().detail()).contains("boom");
            assertThat(b.result().success()).isTrue();
        }
    }
}
