package io.tandem.script;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One script run to perform: argv, how long it may take, the user to run it as (empty: the
 * daemon's own user) and what it is for (for the log).
 */
public record ScriptCommand(List<String> argv, Duration timeout, Optional<String> user, String purpose) {
    public ScriptCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command for " + purpose);
        }
    }

    /** The argv actually executed: via {@code runuser} when another user is asked for and we are root. */
    public List<String> execArgv(boolean runningAsRoot, String currentUser) {
        if (user.isEmpty() || user.get().equals(currentUser) || !runningAsRoot) {
            return argv;
        }
        List<String> out = new java.util.ArrayList<>(List.of("runuser", "-u", user.get(), "--"));
        out.addAll(argv);
        return out;
    }
}
