package io.tandem.script;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script to completion or timeout, on the calling thread. Standard input is
 * {@code /dev/null}; output is discarded (as keepalived does); on timeout the script and every
 * process it started get SIGTERM, then SIGKILL after a short grace.
 */
public final class ScriptExecutor {
    private static final System.Logger LOG = System.getLogger(ScriptExecutor.class.getName());
    static final Duration KILL_GRACE = Duration.ofMillis(500);

    private final boolean root;
    private final String currentUser;

    public ScriptExecutor() {
        this.currentUser = System.getProperty("user.name", "");
        this.root = currentUser.equals("root");
    }

    public ScriptOutcome run(ScriptCommand command) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command.execArgv(root, currentUser))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return new ScriptOutcome.NotStarted(e.getMessage(), since(start));
        }
        try {
            if (p.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return new ScriptOutcome.Exited(p.exitValue(), since(start));
            }
            kill(p);
            return new ScriptOutcome.TimedOut(since(start));
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new ScriptOutcome.TimedOut(since(start));
        }
    }

    private static void kill(Process p) {
        var descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        LOG.log(Level.DEBUG, "killed script pid {0} after its timeout", p.pid());
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
