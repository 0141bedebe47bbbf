package io.tandem.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Reads Tandem's plain log ({@code 2026-11-25 15:47:07.123 INFO InstanceRuntime: (VI_W) ...}, UTC)
 * for the moments the benchmark reports: when a line containing a text first appears at or after
 * a wall-clock instant.
 */
final class TandemLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final int STAMP = 23;

    private TandemLog() {
    }

    /**
     * The time (milliseconds since the epoch) of the first line of {@code log} stamped at or after
     * {@code sinceMillis} that contains {@code text}; empty when there is none.
     */
    static OptionalLong firstAfter(String log, long sinceMillis, String text) {
        for (String line : log.split("\n")) {
            if (line.length() < STAMP || !line.contains(text)) {
                continue;
            }
            long t;
            try {
                t = LocalDateTime.parse(line.substring(0, STAMP), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                continue;
            }
            if (t >= sinceMillis) {
                return OptionalLong.of(t);
            }
        }
        return OptionalLong.empty();
    }

    /** {@link #firstAfter} as milliseconds after {@code sinceMillis}, or NaN. */
    static double offsetMs(String log, long sinceMillis, String text) {
        OptionalLong t = firstAfter(log, sinceMillis, text);
        return t.isPresent() ? t.getAsLong() - sinceMillis : Double.NaN;
    }
}
