package io.tandem.config;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while a configuration is read and validated. Not thread-safe; one per load. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();

    public void unreadable(SourceLocation at, String message) {
        add(Severity.UNREADABLE, at, message);
    }

    public void fatal(SourceLocation at, String message) {
        add(Severity.FATAL, at, message);
    }

    public void error(SourceLocation at, String message) {
        add(Severity.ERROR, at, message);
    }

    public void warning(SourceLocation at, String message) {
        add(Severity.WARNING, at, message);
    }

    public void security(SourceLocation at, String message) {
        add(Severity.SECURITY, at, message);
    }

    public void notice(SourceLocation at, String message) {
        add(Severity.NOTICE, at, message);
    }

    public void add(Severity severity, SourceLocation at, String message) {
        list.add(new Diagnostic(severity, at, message));
    }

    public List<Diagnostic> list() {
        return List.copyOf(list);
    }

    /**
     * The exit code {@code keepalived -t} gives for these findings: 0 when there is none that
     * counts, else the highest exit code among them. keepalived 2.2.7 keeps the highest config
     * error it has seen, so a security finding (6) outranks an error (5), which outranks a fatal
     * one (4). With {@code strict}, notices count as errors (exit 5).
     */
    public static int exitCode(List<Diagnostic> diagnostics, boolean strict) {
        int code = 0;
        for (Diagnostic d : diagnostics) {
            int c = d.severity().exitCode();
            if (c == 0 && strict) {
                c = Severity.ERROR.exitCode();
            }
            code = Math.max(code, c);
        }
        return code;
    }

    public static boolean hasFatal(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.FATAL || d.severity() == Severity.UNREADABLE);
    }
}
