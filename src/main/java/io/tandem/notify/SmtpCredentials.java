package io.tandem.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user and password of {@code smtp_auth_file}: the user on the first line, the password on
 * the second (spaces kept; a trailing CR or LF is not part of it). The password is never part of
 * {@link #toString()}, so it cannot reach a log by accident.
 */
public record SmtpCredentials(String user, String password) {
    public SmtpCredentials {
        if (user.isBlank()) {
            throw new IllegalArgumentException("empty SMTP user");
        }
    }

    /** @throws IllegalStateException naming the file (never its content) when it cannot be used */
    public static SmtpCredentials read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("smtp_auth_file " + file + ": cannot read it: " + e.getClass().getSimpleName(), e);
        }
        if (lines.size() < 2 || lines.get(0).strip().isEmpty() || lines.get(1).isEmpty()) {
            throw new IllegalStateException("smtp_auth_file " + file + ": expected the user on line 1 and the password on line 2");
        }
        return new SmtpCredentials(lines.get(0).strip(), lines.get(1));
    }

    @Override
    public String toString() {
        return "SmtpCredentials[user=" + user + ", password=(hidden)]";
    }
}
