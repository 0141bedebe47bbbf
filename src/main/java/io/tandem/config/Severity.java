package io.tandem.config;

/**
 * How bad a diagnostic is, and which exit code of {@code keepalived -t} (keepalived 2.2.7,
 * {@code config_test_exit()}) it stands for. When several are reported, the highest exit code
 * wins, exactly as keepalived ranks its config errors.
 */
public enum Severity {
    /**
     * The configuration could not be read: the main file is missing, or an include is missing under
     * {@code include_check}. keepalived stops reading and exits KEEPALIVED_EXIT_NO_CONFIG (6); for a
     * missing main file keepalived 2.2.7 exits 0, which Tandem deliberately does not copy.
     */
    UNREADABLE("fatal", 6),
    /** The configuration cannot run at all (keepalived: CONFIG_FATAL, CONFIG_BAD_IF). */
    FATAL("fatal", 4),
    /** Part of the configuration is invalid and is dropped or replaced by a default; the rest runs. */
    ERROR("error", 5),
    /** Something keepalived also counts as a config error but only ignores: unknown keyword, truncation. */
    WARNING("warning", 5),
    /** Scripts are configured but {@code enable_script_security} is off (keepalived: CONFIG_SECURITY_ERROR). */
    SECURITY("security", 6),
    /**
     * Advice that does not change the exit code: a likely mistake keepalived accepts (VIP outside the
     * interface's subnet), an accepted-but-ignored keyword, an include that matched nothing.
     */
    NOTICE("notice", 0);

    private final String label;
    private final int exitCode;

    Severity(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    /** The exit code of {@code keepalived -t} for a configuration whose worst finding is this one. */
    public int exitCode() {
        return exitCode;
    }
}
