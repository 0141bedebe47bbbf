package io.tandem.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs short commands to completion with a hard timeout; the only place that waits on one. */
final class Exec {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Exec() {
    }

    /** Runs {@code command} with no input; see {@link #run(Duration, String, List)}. */
    static CommandResult run(Duration timeout, List<String> command) {
        return run(timeout, null, command);
    }

    /**
     * Runs {@code command}, feeding it {@code stdin} (none when null), and waits at most {@code timeout}.
     * Output is drained on two threads so a chatty command never blocks on a full pipe.
     *
     * @throws LabException when the command cannot start or does not exit in time (it is then killed)
     */
    static CommandResult run(Duration timeout, String stdin, List<String> command) {
        long start = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            process = builder.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        Drain out = Drain.start(process.getInputStream());
        Drain err = Drain.start(process.getErrorStream());
        try {
            if (stdin != null) {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the command exited without reading its input; its exit code tells the story
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new LabException(String.join(" ", command) + " did not finish within " + timeout
                        + "; killed. stderr so far: " + err.text(Duration.ofSeconds(1)).strip());
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new CommandResult(command, process.exitValue(),
                    out.text(Duration.ofSeconds(5)), err.text(Duration.ofSeconds(5)), elapsed);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Reads one stream to its end on its own thread. */
    private static final class Drain {
        private final Thread thread;
        private final AtomicReference<byte[]> bytes = new AtomicReference<>(new byte[0]);

        private Drain(InputStream stream) {
            this.thread = Thread.ofPlatform().daemon().name("lab-exec-drain").unstarted(() -> {
                try (stream) {
                    bytes.set(stream.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        static Drain start(InputStream stream) {
            Drain drain = new Drain(stream);
            drain.thread.start();
            return drain;
        }

        /** The stream's content, waiting at most {@code wait} for a child that still holds the pipe open. */
        String text(Duration wait) throws InterruptedException {
            thread.join(wait);
            return new String(bytes.get(), StandardCharsets.UTF_8);
        }
    }
}
