package io.tandem.bench;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Tandem or keepalived process in a lab host, started from a configuration file in keepalived's
 * syntax, with the faults the benchmark injects.
 *
 * <ul>
 *   <li>Tandem: {@code bin/tandem -n -l -f FILE}; the launcher execs the JVM, so the handle's pid is
 *       the daemon. Crash = SIGKILL of that JVM; graceful stop = SIGTERM.
 *   <li>keepalived: {@code --dont-fork --dont-respawn --vrrp}, a parent and one VRRP child whose pid
 *       is in {@code --vrrp_pid}. Crash = SIGKILL of the VRRP child (killing the parent would make
 *       the child send priority 0 on its way out; {@code --dont-respawn} keeps the parent from
 *       starting a new one); graceful stop = SIGTERM of the parent.
 * </ul>
 */
final class VrrpDaemon {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final DaemonKind kind;
    private final Host host;
    private final LabProcess process;
    private final Instant spawnedAt;
    private final long spawnedNanos;

    private VrrpDaemon(DaemonKind kind, Host host, LabProcess process, Instant spawnedAt, long spawnedNanos) {
        this.kind = kind;
        this.host = host;
        this.process = process;
        this.spawnedAt = spawnedAt;
        this.spawnedNanos = spawnedNanos;
    }

    /** Writes {@code conf} to the host's directory and spawns the daemon; returns at once (after the exec). */
    static VrrpDaemon start(DaemonKind kind, Host host, String conf, Path tandemLauncher) {
        Path dir = host.dir();
        String base = kind == DaemonKind.TANDEM ? "tandem" : "keepalived";
        Path file = dir.resolve(base + ".conf");
        try {
            Files.writeString(file, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] command = kind == DaemonKind.TANDEM
                ? new String[] {tandemLauncher.toString(), "-n", "-l", "-f", file.toString(),
                        "-p", dir.resolve("tandem.pid").toString()}
                : new String[] {"keepalived", "--dont-fork", "--dont-respawn", "--log-console", "--no-syslog", "--vrrp",
                        "--use-file=" + file, "--pid=" + dir.resolve("keepalived.pid"),
                        "--vrrp_pid=" + vrrpPidFile(host)};
        Instant at = Instant.now();
        long nanos = System.nanoTime();
        LabProcess p = host.spawn(base, command);
        return new VrrpDaemon(kind, host, p, at, nanos);
    }

    private static Path vrrpPidFile(Host host) {
        return host.dir().resolve("keepalived-vrrp.pid");
    }

    DaemonKind kind() {
        return kind;
    }

    Host host() {
        return host;
    }

    LabProcess process() {
        return process;
    }

    /** Wall-clock time just before the spawn (to compare with capture timestamps). */
    Instant spawnedAt() {
        return spawnedAt;
    }

    long spawnedNanos() {
        return spawnedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** keepalived's VRRP child, checked to be a child of our keepalived; empty for Tandem or before it exists. */
    Optional<Long> vrrpChild() {
        if (kind != DaemonKind.KEEPALIVED) {
            return Optional.empty();
        }
        try {
            Path f = vrrpPidFile(host);
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(f).strip());
            return parentOf(pid).filter(pp -> pp == process.pid()).map(pp -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The pids whose memory is the daemon's: the JVM, or keepalived's parent and VRRP child. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        vrrpChild().ifPresent(pids::add);
        return pids;
    }

    /** The crash: SIGKILL of the process that speaks VRRP, nothing else. */
    void crash() {
        if (kind == DaemonKind.TANDEM) {
            process.signal(Signal.KILL);
            return;
        }
        long child = vrrpChild().orElseThrow(() -> new IllegalStateException(
                "keepalived on " + host.name() + " has no VRRP child to kill; log:\n" + process.tail(20)));
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The graceful stop: SIGTERM to the daemon (keepalived: to the parent, which stops its child). */
    void stop() {
        process.signal(Signal.TERM);
    }

    /** After {@link #crash()} or {@link #stop()}: waits until every process of this daemon is gone (SIGKILL after 10 s). */
    void reap() {
        if (kind == DaemonKind.KEEPALIVED && process.isAlive()) {
            // with --dont-respawn the parent may outlive its killed child; it sends nothing itself
            process.signal(Signal.TERM);
        }
        if (!process.waitFor(EXIT_WAIT)) {
            process.kill();
        }
    }

    /** VmRSS of a process in KiB, or -1 when it is gone. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static Optional<Long> parentOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("PPid:")) {
                    return Optional.of(Long.parseLong(line.substring(5).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return kind.label() + "@" + host.name() + "[pid " + process.pid() + "]";
    }
}
