package io.tandem.script;

import java.time.Duration;

/** How a script run ended. */
public sealed interface ScriptOutcome {
    Duration elapsed();

    /** It exited by itself with this code. */
    record Exited(int code, Duration elapsed) implements ScriptOutcome {}

    /** It ran past its timeout and was killed (with everything it started). */
    record TimedOut(Duration elapsed) implements ScriptOutcome {}

    /** It could not be started (missing, not executable). */
    record NotStarted(String reason, Duration elapsed) implements ScriptOutcome {}

    default boolean success() {
        return this instanceof Exited e && e.code() == 0;
    }
}
