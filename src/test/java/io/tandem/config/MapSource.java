package io.tandem.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An in-memory {@link ConfigSource}: absolute path to text. {@link #glob} understands {@code *},
 * {@code ?} and {@code [...]} (with {@code !} or {@code ^} negation) within one path component;
 * anything else matches literally. Every path asked for is recorded, so tests can see what was read.
 */
final class MapSource implements ConfigSource {
    private final Map<String, String> files = new LinkedHashMap<>();
    final List<String> reads = new ArrayList<>();
    final List<String> globs = new ArrayList<>();

    MapSource() {}

    MapSource(Map<String, String> files) {
        this.files.putAll(files);
    }

    /** Adds a file; returns this for chaining. */
    MapSource with(String absolutePath, String text) {
        files.put(absolutePath, text);
        return this;
    }

    Map<String, String> files() {
        return files;
    }

    @Override
    public Optional<String> read(String absolutePath) {
        reads.add(absolutePath);
        return Optional.ofNullable(files.get(absolutePath));
    }

    @Override
    public List<String> glob(String absolutePattern) {
        globs.add(absolutePattern);
        Pattern regex = toRegex(absolutePattern);
        return files.keySet().stream().filter(p -> regex.matcher(p).matches()).sorted().toList();
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        re.append(Pattern.quote("["));
                    } else {
                        String body = glob.substring(i + 1, end);
                        boolean negate = body.startsWith("!") || body.startsWith("^");
                        if (negate) {
                            body = body.substring(1);
                        }
                        re.append('[').append(negate ? "^/" : "").append(body.replace("\\", "\\\\").replace("[", "\\["))
                                .append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            return Pattern.compile(Pattern.quote(glob)); // e.g. [z-a]: taken literally, as glob(3) would not match it either
        }
    }
}
