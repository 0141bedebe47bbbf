package io.tandem.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the running daemon, as the control socket reads it ({@code switchover
 * to=db2 max-lag=5}) and as the HTTP endpoint builds it from a path and its query: a verb, plain
 * words, and {@code key=value} options. The same parse for both, so both ask the same thing.
 *
 * @param verb    the first word ({@code status}, {@code switchover}, {@code maintenance}, ...)
 * @param words   the other words without {@code =}, in order
 * @param options the {@code key=value} words
 */
record ControlRequest(String verb, List<String> words, Map<String, String> options) {
    ControlRequest {
        words = List.copyOf(words);
        options = Map.copyOf(options);
    }

    /** Splits a request line on blanks; an empty line has the verb "". */
    static ControlRequest parse(String line) {
        String[] parts = line.strip().split("\\s+");
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            } else if (!parts[i].isEmpty()) {
                words.add(parts[i]);
            }
        }
        return new ControlRequest(parts[0], words, options);
    }

    Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(v -> !v.isEmpty());
    }

    /** The word at {@code index}, if there is one. */
    Optional<String> word(int index) {
        return index < words.size() ? Optional.of(words.get(index)) : Optional.empty();
    }

    /** The request line that {@link #parse} reads back to this request. */
    String line() {
        StringBuilder b = new StringBuilder(verb);
        words.forEach(w -> b.append(' ').append(w));
        options.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
