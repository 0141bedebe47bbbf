package io.tandem.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns keepalived.conf text into tokens, expanding {@code include} lines in place.
 *
 * <p>keepalived's grammar is line oriented: a statement is a keyword and its words up to the end
 * of the line, {@code {} and {@code }} stand alone even without spaces around them, {@code #}
 * and {@code !} start a comment outside quotes, {@code "..."} and {@code '...'} quote words.
 * {@code include PATTERN} may stand on any line; a relative pattern is resolved against the
 * directory of the file that includes it, matches are read in sorted order.
 */
final class Lexer {
    /** keepalived nests includes without limit; a limit turns a cycle into a clear error. */
    static final int MAX_INCLUDE_DEPTH = 16;

    private final ConfigSource source;
    private final Diagnostics diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private final Deque<String> including = new ArrayDeque<>();
    /** After {@code include_check}, an include that finds no file stops the reading, as in keepalived. */
    private boolean includeCheck;
    /** Brace depth so far and the keyword of the open top-level block: include_check is a global_defs keyword. */
    private int depth;
    private String topBlock = "";
    private String lastTopWord = "";
    private boolean aborted;

    private Lexer(ConfigSource source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /**
     * Tokens of the file at {@code absolutePath} and everything it includes, ending with an
     * END_OF_LINE. Reports a FATAL diagnostic and returns no tokens when the file cannot be read.
     */
    static List<Token> tokenize(ConfigSource source, String absolutePath, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(source, diagnostics);
        Optional<String> text = source.read(absolutePath);
        if (text.isEmpty()) {
            diagnostics.unreadable(new SourceLocation(absolutePath, 0), "configuration file not found or not readable");
            return List.of();
        }
        lexer.file(absolutePath, text.get());
        return List.copyOf(lexer.tokens);
    }

    private void file(String path, String text) {
        including.push(path);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length && !aborted; i++) {
            SourceLocation at = new SourceLocation(path, i + 1);
            List<Token> lineTokens = line(lines[i], at);
            String first = !lineTokens.isEmpty() && lineTokens.getFirst().is(Token.Kind.WORD) ? lineTokens.getFirst().text() : "";
            if (first.equals("include")) {
                include(lineTokens, at);
            } else if (first.equals("include_check") && depth > 0 && topBlock.equals("global_defs")) {
                includeCheck = true;
            } else {
                track(lineTokens);
                tokens.addAll(lineTokens);
                tokens.add(new Token(Token.Kind.END_OF_LINE, "", at));
            }
        }
        including.pop();
    }

    /** Follows braces just enough to know which top-level block a line is in. */
    private void track(List<Token> lineTokens) {
        for (Token t : lineTokens) {
            switch (t.kind()) {
                case WORD -> {
                    if (depth == 0) {
                        lastTopWord = t.text();
                    }
                }
                case OPEN -> {
                    if (depth++ == 0) {
                        topBlock = lastTopWord;
                    }
                }
                case CLOSE -> depth = Math.max(0, depth - 1);
                case END_OF_LINE -> { }
            }
        }
    }

    private void include(List<Token> lineTokens, SourceLocation at) {
        if (lineTokens.size() != 2 || !lineTokens.get(1).is(Token.Kind.WORD)) {
            diagnostics.error(at, "include needs exactly one file name or glob pattern");
            return;
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH + " levels (a cycle?); not followed");
            return;
        }
        String pattern = lineTokens.get(1).text();
        if (pattern.indexOf('\0') >= 0) {
            diagnostics.error(at, "include '" + pattern.replace('\0', '?') + "' is not a valid path (NUL character); not followed");
            return;
        }
        String absolute = pattern.startsWith("/") ? pattern : resolve(parentOf(at.file()), pattern);
        List<String> matches = source.glob(absolute);
        if (matches.isEmpty()) {
            if (includeCheck) {
                diagnostics.unreadable(at, "include '" + pattern + "' matched no file and include_check is set;"
                        + " the rest of the configuration is not read");
                aborted = true;
            } else {
                // keepalived 2.2.7 logs "Config files missing" and still exits 0.
                diagnostics.notice(at, "include '" + pattern + "' matched no file");
            }
            return;
        }
        // keepalived restores include_check when an included file ends (parser.c, end_file)
        boolean checkBefore = includeCheck;
        for (String match : matches) {
            if (including.contains(match)) {
                diagnostics.error(at, "include of '" + match + "' would include itself; not followed");
                continue;
            }
            Optional<String> text = source.read(match);
            if (text.isEmpty()) {
                diagnostics.error(at, "included file '" + match + "' cannot be read");
                continue;
            }
            file(match, text.get());
            includeCheck = checkBefore;
        }
    }

    /** The directory of an absolute file path ("/" for a file in the root). */
    static String parentOf(String absoluteFile) {
        int slash = absoluteFile.lastIndexOf('/');
        return slash <= 0 ? "/" : absoluteFile.substring(0, slash);
    }

    /**
     * {@code relative} resolved against the absolute directory {@code dir}, with "." and ".."
     * removed lexically (no file system access: symbolic links are not followed, as in glob(3)).
     */
    static String resolve(String dir, String relative) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : (dir + "/" + relative).split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The tokens of one line; comments dropped, quotes removed. */
    private List<Token> line(String line, SourceLocation at) {
        List<Token> out = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                if (word == null) {
                    word = new StringBuilder();
                }
                if (end < 0) {
                    // keepalived 2.2.7 reports an unterminated " (exit 5) but takes an unterminated ' silently (exit 0)
                    diagnostics.add(c == '"' ? Severity.ERROR : Severity.NOTICE, at,
                            "missing terminating " + c + " quote; the rest of the line is taken as the string");
                    word.append(line, i + 1, line.length());
                    i = line.length();
                } else {
                    word.append(line, i + 1, end);
                    i = end + 1;
                }
                continue;
            }
            if (c == '#' || c == '!' || c == '{' || c == '}' || Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(new Token(Token.Kind.WORD, word.toString(), at));
                    word = null;
                }
                if (c == '#' || c == '!') {
                    break;
                }
                if (c == '{') {
                    out.add(new Token(Token.Kind.OPEN, "{", at));
                } else if (c == '}') {
                    out.add(new Token(Token.Kind.CLOSE, "}", at));
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            word.append(c);
            i++;
        }
        if (word != null) {
            out.add(new Token(Token.Kind.WORD, word.toString(), at));
        }
        return out;
    }
}
