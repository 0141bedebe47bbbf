package io.tandem.lab;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a finished command.
 *
 * @param command  the argument vector that ran (including any {@code ip netns exec} prefix)
 * @param exitCode the process exit code
 * @param stdout   everything the command wrote to standard output, decoded as UTF-8
 * @param stderr   everything the command wrote to standard error, decoded as UTF-8
 * @param elapsed  wall time from start to exit
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {
    public CommandResult {
        command = List.copyOf(command);
    }

    /** True when the exit code is 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * Returns this result when the command succeeded.
     *
     * @throws LabException naming the command, its exit code and stderr, when the exit code is not 0
     */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new LabException(String.join(" ", command) + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        }
        return this;
    }

    /** Standard output split into lines, without line terminators; empty output gives an empty list. */
    public List<String> lines() {
        return stdout.isEmpty() ? List.of() : stdout.lines().toList();
    }
}
