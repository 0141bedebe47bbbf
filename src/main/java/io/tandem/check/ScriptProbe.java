package io.tandem.check;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.script.ScriptOutcome;

/** A {@code vrrp_script} or {@code MISC_CHECK}: success when the command exits 0 within its timeout. */
public final class ScriptProbe implements Probe {
    private final ScriptExecutor executor;
    private final ScriptCommand command;

    public ScriptProbe(ScriptExecutor executor, ScriptCommand command) {
        this.executor = executor;
        this.command = command;
    }

    @Override
    public ProbeResult probe() {
        ScriptOutcome o = executor.run(command);
        String detail = switch (o) {
            case ScriptOutcome.Exited e -> "exited " + e.code();
            case ScriptOutcome.TimedOut t -> "timed out after " + t.elapsed().toMillis() + " ms";
            case ScriptOutcome.NotStarted n -> "could not start: " + n.reason();
        };
        return new ProbeResult(o.success(), o.elapsed(), detail);
    }
}
