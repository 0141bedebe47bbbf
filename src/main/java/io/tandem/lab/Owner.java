package io.tandem.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JVM that owns a lab run, as written to {@code owner.pid}: the pid on the first line and, on the
 * second, the process start time from {@code /proc/<pid>/stat}, so a recycled pid is not mistaken for
 * a live owner. A file with only a pid is accepted (then liveness is the pid's alone).
 */
record Owner(long pid, OptionalLong startTime) {
    static Owner current() {
        long pid = ProcessHandle.current().pid();
        return new Owner(pid, startTimeOf(pid));
    }

    /** The owner recorded in {@code file}; empty when the file is missing or unreadable. */
    static Optional<Owner> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isBlank()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.getFirst().strip());
            OptionalLong start = lines.size() > 1 && !lines.get(1).isBlank()
                    ? OptionalLong.of(Long.parseLong(lines.get(1).strip()))
                    : OptionalLong.empty();
            return Optional.of(new Owner(pid, start));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes this owner to {@code file} atomically (write then rename). */
    void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        String text = pid + "\n" + (startTime.isPresent() ? startTime.getAsLong() + "\n" : "");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the process exists, is not a zombie and (if recorded) started at the recorded time. */
    boolean isAlive() {
        Optional<String[]> stat = stat(pid);
        if (stat.isEmpty() || stat.get()[0].equals("Z") || stat.get()[0].equals("X")) {
            return false;
        }
        return startTime.isEmpty() || startTime.getAsLong() == Long.parseLong(stat.get()[19]);
    }

    private static OptionalLong startTimeOf(long pid) {
        return stat(pid).map(f -> OptionalLong.of(Long.parseLong(f[19]))).orElse(OptionalLong.empty());
    }

    /** Fields of /proc/pid/stat after the command name: [0] is the state (field 3), [19] the start time (field 22). */
    private static Optional<String[]> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(text.substring(text.lastIndexOf(')') + 2).strip().split(" "));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
