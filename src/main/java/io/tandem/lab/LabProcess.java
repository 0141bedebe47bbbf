package io.tandem.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process that a {@link Host} started inside its network namespace.
 *
 * <p>{@link #pid()} is the daemon's own pid: {@code ip netns exec} replaces itself with the command,
 * and {@link Host#spawn} checks that the exec happened before it returns. Signals go only to this
 * pid and only while this JVM still sees the process alive, so a recycled pid is never hit. The
 * lab terminates every process it spawned when it closes.
 */
public final class LabProcess {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final Host host;
    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;

    LabProcess(Host host, String name, List<String> command, Process process, Path log) {
        this.host = host;
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    /** The host whose namespace the process runs in. */
    public Host host() {
        return host;
    }

    /** The name given to {@link Host#spawn}; also the log file's base name. */
    public String name() {
        return name;
    }

    /** The command as given to {@link Host#spawn}, without the {@code ip netns exec} prefix. */
    public List<String> command() {
        return command;
    }

    /** The daemon's pid. */
    public long pid() {
        return process.pid();
    }

    /** The file that receives the process's standard output and standard error. */
    public Path log() {
        return log;
    }

    /** The log's current content (empty when nothing was written yet). */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the log contains {@code text}, polling every 20 ms.
     *
     * @throws LabException when {@code timeout} passes first, or the process exits first
     */
    public void awaitLog(String text, Duration timeout) {
        Poll.until(timeout, Duration.ofMillis(20), () -> {
            if (logText().contains(text)) {
                return true;
            }
            if (!isAlive()) {
                throw new LabException(name + " exited (" + process.exitValue() + ") before logging \"" + text
                        + "\"; log tail:\n" + tail(20));
            }
            return false;
        }, () -> name + " did not log \"" + text + "\" within " + timeout + "; log tail:\n" + tail(20));
    }

    /**
     * Waits (at most 10 s) until the log contains every one of {@code texts}. A daemon writes its
     * log lines off its working thread, so a line may land a moment after what it reports is
     * visible; this is the assertion for "the log says so".
     *
     * @throws AssertionError naming what is missing, with the log's tail
     */
    public void awaitLogContains(String... texts) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            boolean alive = isAlive();
            String text = logText();
            List<String> missing = java.util.Arrays.stream(texts).filter(t -> !text.contains(t)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (!alive || System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log " + missing + (alive ? " within 10 s" : " before it exited")
                        + "; log tail:\n" + tail(30));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + missing, e);
            }
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** True while the process has not exited. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has exited; empty while it runs. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Sends {@code signal} if the process is still alive; does nothing when it has already exited.
     *
     * @throws LabException when {@code kill} fails for a live process
     */
    public void signal(Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        switch (signal) {
            case TERM -> process.destroy();
            case KILL -> process.destroyForcibly();
            default -> {
                CommandResult result = Exec.run(Exec.DEFAULT_TIMEOUT,
                        List.of("kill", "-s", signal.name(), Long.toString(process.pid())));
                // kill fails (ESRCH) for a process that died just now, before the JVM's reaper
                // noticed: only a process that is still there after a second is an error
                if (!result.ok() && !waitFor(Duration.ofSeconds(1))) {
                    result.orThrow();
                }
            }
        }
    }

    /** Stops the process with SIGSTOP: it keeps its sockets but does nothing (a "hung" daemon). */
    public void pause() {
        signal(Signal.STOP);
    }

    /** Continues a process stopped by {@link #pause()} (SIGCONT). */
    public void resume() {
        signal(Signal.CONT);
    }

    /**
     * Sends SIGKILL and waits (at most 10 s) until the process is gone.
     *
     * @throws LabException when it is still alive after that
     */
    public void kill() {
        signal(Signal.KILL);
        if (!waitFor(DEFAULT_GRACE)) {
            throw new LabException(name + " (pid " + pid() + ") survived SIGKILL for " + DEFAULT_GRACE);
        }
    }

    /** {@link #terminate(Duration)} with a 10 s grace period. */
    public int terminate() {
        return terminate(DEFAULT_GRACE);
    }

    /**
     * Stops the process politely: SIGTERM (followed by SIGCONT, so a paused process can act on it),
     * then SIGKILL if it is still alive after {@code grace}.
     *
     * @return the exit code (for a process that needed SIGKILL, 137)
     * @throws LabException when the process survives even SIGKILL for 10 s
     */
    public int terminate(Duration grace) {
        signal(Signal.TERM);
        signal(Signal.CONT);
        if (!waitFor(grace)) {
            kill();
        }
        return process.exitValue();
    }

    /**
     * Waits at most {@code timeout} for the process to exit.
     *
     * @return true when it has exited
     */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + host.name() + "[pid " + pid() + (isAlive() ? "" : ", exited") + "]";
    }
}
