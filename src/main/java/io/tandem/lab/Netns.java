package io.tandem.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Network namespace operations through {@code ip netns}; all of them act on named namespaces only. */
final class Netns {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private Netns() {
    }

    /** Names of all named network namespaces on the machine. */
    static List<String> list() {
        return Exec.run(Exec.DEFAULT_TIMEOUT, List.of("ip", "netns", "list")).orThrow().lines().stream()
                .map(line -> line.strip().split("\\s+")[0])
                .filter(name -> !name.isEmpty())
                .toList();
    }

    static boolean exists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    static void add(String name) {
        Exec.run(Exec.DEFAULT_TIMEOUT, List.of("ip", "netns", "add", name)).orThrow();
    }

    /** Pids of the processes whose network namespace is {@code name} (zombies are not listed). */
    static List<Long> pids(String name) {
        CommandResult result = Exec.run(Exec.DEFAULT_TIMEOUT, List.of("ip", "netns", "pids", name));
        if (!result.ok()) {
            if (!exists(name)) {
                return List.of();
            }
            result.orThrow();
        }
        return result.lines().stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    /**
     * SIGKILLs every process left in namespace {@code name} and waits until none is left.
     * Only for namespaces this lab code created: everything inside them was started by a lab.
     *
     * @throws LabException when processes are still there after 10 s
     */
    static void killAll(String name) {
        Poll.until(KILL_WAIT, Duration.ofMillis(20), () -> {
            List<Long> pids = pids(name);
            if (pids.isEmpty()) {
                return true;
            }
            List<String> command = new ArrayList<>(List.of("kill", "-s", "KILL"));
            pids.forEach(pid -> command.add(Long.toString(pid)));
            Exec.run(Exec.DEFAULT_TIMEOUT, command); // some may already be gone: the next pids() tells
            return false;
        }, () -> "processes survive in namespace " + name + ": " + pids(name));
    }

    /** Deletes namespace {@code name}; a namespace that does not exist is not an error. */
    static void delete(String name) {
        CommandResult result = Exec.run(Exec.DEFAULT_TIMEOUT, List.of("ip", "netns", "delete", name));
        if (!result.ok() && exists(name)) {
            result.orThrow();
        }
    }

    /** {@link #killAll} then {@link #delete}. */
    static void destroy(String name) {
        killAll(name);
        delete(name);
    }
}
