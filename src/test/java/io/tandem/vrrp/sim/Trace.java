package io.tandem.vrrp.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The last lines of what happened, kept only when tracing (a failing seed is re-run with it on). */
final class Trace {
    private final boolean enabled;
    private final int limit;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    Trace(boolean enabled, int limit) {
        this.enabled = enabled;
        this.limit = limit;
    }

    void add(long nowNanos, Supplier<String> line) {
        if (!enabled) {
            return;
        }
        if (lines.size() == limit) {
            lines.removeFirst();
        }
        lines.addLast(time(nowNanos) + " " + line.get());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    static String time(long nanos) {
        return String.format(Locale.ROOT, "t=%.6fs", nanos / 1e9);
    }
}
