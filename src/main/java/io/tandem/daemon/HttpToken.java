package io.tandem.daemon;

import io.tandem.config.HostFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token that mutating HTTP requests ({@code POST /switchover} and the other operator
 * verbs) must present, read from a file ({@code --http-token FILE} or {@code global_defs
 * http_token_file}) under the rule of every secret file: owned by root or Tandem's user, no
 * read or write for group and others ({@link HostFacts#secretFileProblem}). The token is the
 * file's content without surrounding blanks and line ends. A presented token is compared in
 * constant time; the token never appears in {@link #toString()}, so it cannot reach a log.
 */
final class HttpToken {
    /** A token file larger than this is not a token. */
    static final int MAX_BYTES = 4096;

    private final Path file;
    private final byte[] token;

    private HttpToken(Path file, byte[] token) {
        this.file = file;
        this.token = token;
    }

    /**
     * Reads the token from {@code file}.
     *
     * @throws IllegalStateException naming the file and why it cannot be used (missing, too open,
     *                               empty, unreadable), never its content
     */
    static HttpToken read(Path file, HostFacts host) {
        Path abs = file.toAbsolutePath();
        Optional<String> problem = host.secretFileProblem(abs.toString());
        if (problem.isPresent()) {
            throw new IllegalStateException("HTTP token file " + abs + " " + problem.get());
        }
        byte[] bytes;
        try {
            if (Files.size(abs) > MAX_BYTES) {
                throw new IllegalStateException("HTTP token file " + abs + " is larger than " + MAX_BYTES + " bytes: not a token");
            }
            bytes = Files.readAllBytes(abs);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP token file " + abs + ": cannot read it: " + e.getClass().getSimpleName(), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IllegalStateException("HTTP token file " + abs + " is empty");
        }
        if (text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalStateException("HTTP token file " + abs + ": the token must be one word (no blanks, line breaks"
                    + " or control characters inside)");
        }
        return new HttpToken(abs, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The file the token came from. */
    Path file() {
        return file;
    }

    /**
     * Whether {@code presented} is the token. {@link MessageDigest#isEqual} takes time that depends
     * on the length of its first argument only, and that is the token's, so the time does not tell
     * how much of a guess was right.
     */
    boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "HttpToken[file=" + file + ", token=(hidden)]";
    }
}
