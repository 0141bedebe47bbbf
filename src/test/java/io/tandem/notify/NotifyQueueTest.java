package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.script.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts run by /bin/sh: order, timeouts that kill the whole tree, a full queue that never blocks. */
class NotifyQueueTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static ScriptCommand cmd(Duration timeout, String... argv) {
        return new ScriptCommand(List.of(argv), timeout, Optional.empty(), "test");
    }

    @Test
    void runsScriptsInSubmissionOrderWithTheirArguments() throws Exception {
        Path log = dir.resolve("log");
        Path s = script("notify.sh", "echo \"$@\" >> " + log);
        try (NotifyQueue q = new NotifyQueue(new ScriptExecutor(), 16)) {
            for (int i = 0; i < 10; i++) {
                assertThat(q.submit(cmd(Duration.ofSeconds(5), s.toString(), "INSTANCE", "VI_1", "MASTER", Integer.toString(i)))).isTrue();
            }
        }
        assertThat(Files.readAllLines(log)).containsExactly(
                "INSTANCE VI_1 MASTER 0", "INSTANCE VI_1 MASTER 1", "INSTANCE VI_1 MASTER 2", "INSTANCE VI_1 MASTER 3",
                "INSTANCE VI_1 MASTER 4", "INSTANCE VI_1 MASTER 5", "INSTANCE VI_1 MASTER 6", "INSTANCE VI_1 MASTER 7",
                "INSTANCE VI_1 MASTER 8", "INSTANCE VI_1 MASTER 9");
    }

    @Test
    void aScriptPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path s = script("hang.sh", "sleep 60 &\necho $! > " + pidFile + "\nwait");
        ScriptOutcome o = new ScriptExecutor().run(cmd(Duration.ofMillis(300), s.toString()));
        assertThat(o).isInstanceOf(ScriptOutcome.TimedOut.class);
        assertThat(o.elapsed()).isLessThan(Duration.ofSeconds(5));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> h = ProcessHandle.of(child);
        if (h.isPresent()) {
            h.get().onExit().get(); // bounded: SIGKILL follows SIGTERM after the grace period
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("the script's child is gone").isFalse();
    }

    @Test
    void exitCodesAndMissingScriptsAreReported() throws Exception {
        ScriptExecutor x = new ScriptExecutor();
        assertThat(x.run(cmd(Duration.ofSeconds(5), script("ok.sh", "exit 0").toString())).success()).isTrue();
        assertThat(x.run(cmd(Duration.ofSeconds(5), script("bad.sh", "exit 3").toString())))
                .isInstanceOfSatisfying(ScriptOutcome.Exited.class, e -> assertThat(e.code()).isEqualTo(3));
        assertThat(x.run(cmd(Duration.ofSeconds(5), dir.resolve("missing.sh").toString())))
                .isInstanceOf(ScriptOutcome.NotStarted.class);
    }

    @Test
    void aFullQueueDropsWithoutBlockingTheCaller() throws Exception {
        Path gate = dir.resolve("gate");
        Path s = script("block.sh", "while [ ! -e " + gate + " ]; do sleep 0.05; done");
        try (NotifyQueue q = new NotifyQueue(new ScriptExecutor(), 2)) {
            // the first is taken by the worker (or still queued), the queue holds two more at most
            int accepted = 0;
            for (int i = 0; i < 10; i++) {
                if (q.submit(cmd(Duration.ofSeconds(10), s.toString()))) {
                    accepted++;
                }
            }
            assertThat(accepted).isBetween(2, 3);
            assertThat(q.dropped()).isEqualTo(10 - accepted);
            Files.createFile(gate);
        }
    }
}
