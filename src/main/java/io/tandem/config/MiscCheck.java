package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code MISC_CHECK { misc_path, misc_timeout, misc_dynamic }}: a command decides. Exit 0 is up,
 * 1 is down; with {@code misc_dynamic}, 2-255 is up with weight (code - 2).
 */
public record MiscCheck(String path, Optional<Duration> timeout, boolean dynamic, Optional<String> user,
                        SourceLocation at) implements Checker {}
