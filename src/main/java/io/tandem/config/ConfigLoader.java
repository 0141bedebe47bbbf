package io.tandem.config;

import java.util.List;

/**
 * Reads a keepalived.conf: lexes it (following includes), builds the statement tree, gives it
 * meaning and validates it against the host. Never throws on bad input; everything wrong is a
 * diagnostic with its file and line.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The outcome of a load: the configuration as it would run, and every finding. */
    public record Result(KeepalivedConfig config, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        /** {@code keepalived -t}'s exit code for these findings (see {@link Severity}). */
        public int exitCode(boolean strict) {
            return Diagnostics.exitCode(diagnostics, strict);
        }

        /** Whether the daemon can start with this configuration (no fatal finding). */
        public boolean runnable() {
            return !Diagnostics.hasFatal(diagnostics);
        }
    }

    public static Result load(String absolutePath, ConfigSource source, HostFacts host) {
        Diagnostics diagnostics = new Diagnostics();
        List<Token> tokens = Lexer.tokenize(source, absolutePath, diagnostics);
        List<Node> tree = TreeBuilder.build(tokens, diagnostics);
        KeepalivedConfig config = ConfigReader.read(tree, diagnostics);
        if (!Diagnostics.hasFatal(diagnostics.list())) {
            Validator.validate(config, host, diagnostics);
        }
        return new Result(config, diagnostics.list());
    }
}
