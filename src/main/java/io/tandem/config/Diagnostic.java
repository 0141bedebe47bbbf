package io.tandem.config;

/** One finding about a configuration, always with the file and line it is about. */
public record Diagnostic(Severity severity, SourceLocation at, String message) {
    /** {@code file:line: severity: message}, the form compilers use, so editors can jump to it. */
    public String format() {
        return at + ": " + severity.label() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
