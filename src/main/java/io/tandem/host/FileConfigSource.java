package io.tandem.host;

import io.tandem.config.ConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Configuration text from the file system; globs expanded per path component, results sorted. */
public final class FileConfigSource implements ConfigSource {
    @Override
    public Optional<String> read(String absolutePath) {
        Path p = Path.of(absolutePath);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            // keepalived reads bytes; a stray non-UTF-8 byte in a comment must not stop us.
            return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> glob(String absolutePattern) {
        Path pattern = Path.of(absolutePattern);
        List<Path> current = List.of(pattern.getRoot());
        for (Path component : pattern) {
            String part = component.toString();
            List<Path> next = new ArrayList<>();
            PathMatcher matcher = null;
            if (isGlob(part)) {
                try {
                    matcher = FileSystems.getDefault().getPathMatcher("glob:" + part);
                } catch (PatternSyntaxException e) {
                    // e.g. '[' without ']': glob(3) takes such a pattern literally
                }
            }
            for (Path dir : current) {
                if (matcher == null) {
                    Path p = dir.resolve(part);
                    if (Files.exists(p)) {
                        next.add(p);
                    }
                    continue;
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        String name = e.getFileName().toString();
                        // glob(3) without GLOB_PERIOD (keepalived's call): only a literal '.' matches a leading dot
                        boolean hidden = name.startsWith(".") && !part.startsWith(".");
                        if (!hidden && matcher.matches(e.getFileName())) {
                            next.add(e);
                        }
                    }
                } catch (IOException e) {
                    // an unreadable or missing directory matches nothing, like glob(3)
                }
            }
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).map(Path::toString).sorted().toList();
    }

    private static boolean isGlob(String part) {
        return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0;
    }
}
