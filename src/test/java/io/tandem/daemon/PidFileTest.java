package io.tandem.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per pid file: a second process is refused, a stale file is taken over. */
class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void secondProcessIsRefusedUntilTheFirstExits() throws Exception {
        Path file = dir.resolve("tandem.pid");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PidFileHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("held", out.readLine());
            PidFile.AlreadyRunning refused = assertThrows(PidFile.AlreadyRunning.class, () -> PidFile.acquire(file));
            assertEquals(Optional.of(holder.pid()), refused.pid());
            assertTrue(refused.getMessage().contains("already running") && refused.getMessage().contains(file.toString()),
                    refused.getMessage());
            assertEquals(holder.pid() + "\n", Files.readString(file), "the refused start must not overwrite the pid");
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue());
            assertFalse(Files.exists(file), "a clean exit removes the pid file");
            try (PidFile mine = PidFile.acquire(file)) {
                assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void killedHolderLeavesNoLock() throws Exception {
        Path file = dir.resolve("tandem.pid");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PidFileHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("held", out.readLine());
            holder.destroyForcibly();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            assertTrue(Files.exists(file), "kill -9 leaves the file behind");
            try (PidFile mine = PidFile.acquire(file)) {
                assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void staleFileWithGarbageIsTakenOver() throws Exception {
        Path file = dir.resolve("tandem.pid");
        Files.writeString(file, "not a pid, and longer than the pid we write\n");
        try (PidFile mine = PidFile.acquire(file)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void missingDirectoryIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> PidFile.acquire(dir.resolve("no/such/dir/tandem.pid")));
    }
}
