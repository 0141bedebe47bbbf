package io.tandem.config;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while a configuration is read and validated. Not thread-safe; one per load. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();

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
     * counts, else the lowest exit code among them (4 before 5 before 6). With {@code strict},
     * notices count as errors (exit 5).
     */
    public static int exitCode(List<Diagnostic> diagnostics, boolean strict) {
        int code = 0;
        for (Diagnostic d : diagnostics) {
            int c = d.severity().exitCode();
            if (c == 0 && strict) {
                c = Severity.ERROR.exitCode();
            }
            if (c != 0 && (code == 0 || c < code)) {
                code = c;
            }
        }
        return code;
    }

    public static boolean hasFatal(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.FATAL);
    }
}
