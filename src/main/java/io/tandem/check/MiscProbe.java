package io.tandem.check;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import io.tandem.script.ScriptOutcome;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * keepalived's {@code MISC_CHECK}: exit 0 is up, anything else down; with {@code misc_dynamic},
 * exit 1 is down and 2 to 255 is up with weight (code - 2). A timeout is a failure.
 */
public final class MiscProbe implements RealServerProbe {
    private final ScriptExecutor executor;
    private final ScriptCommand command;
    private final boolean dynamic;

    public MiscProbe(ScriptExecutor executor, ScriptCommand command, boolean dynamic) {
        this.executor = executor;
        this.command = command;
        this.dynamic = dynamic;
    }

    @Override
    public Verdict probe() {
        ScriptOutcome o = executor.run(command);
        return switch (o) {
            case ScriptOutcome.Exited e when e.code() == 0 -> new Verdict(true, OptionalInt.empty(), OptionalLong.empty(), o.elapsed(), "exited 0");
            case ScriptOutcome.Exited e when dynamic && e.code() >= 2 && e.code() <= 255 ->
                    new Verdict(true, OptionalInt.of(e.code() - 2), OptionalLong.empty(), o.elapsed(),
                            "exited " + e.code() + ": weight " + (e.code() - 2));
            case ScriptOutcome.Exited e -> new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), o.elapsed(), "exited " + e.code());
            case ScriptOutcome.TimedOut t -> new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), o.elapsed(),
                    "timed out after " + t.elapsed().toMillis() + " ms");
            case ScriptOutcome.NotStarted n -> new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), o.elapsed(),
                    "could not start: " + n.reason());
        };
    }
}
