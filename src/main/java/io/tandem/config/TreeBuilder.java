package io.tandem.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement tree from tokens. A {@code {} may follow its keyword on the same line or
 * stand on the next line; statements may follow an opening brace on the same line
 * ({@code virtual_ipaddress { 10.0.0.1 }}). Stray and missing braces are reported and repaired
 * the way keepalived does: the rest still parses.
 */
final class TreeBuilder {
    /** Far beyond any real configuration (which nests 4 deep); keeps the recursion off the stack limit. */
    static final int MAX_DEPTH = 100;

    private final List<Token> tokens;
    private final Diagnostics diagnostics;
    private int pos;
    private int depth;

    private TreeBuilder(List<Token> tokens, Diagnostics diagnostics) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    static List<Node> build(List<Token> tokens, Diagnostics diagnostics) {
        TreeBuilder b = new TreeBuilder(tokens, diagnostics);
        List<Node> top = new ArrayList<>();
        while (b.pos < tokens.size()) {
            top.addAll(b.statements(null));
            if (b.pos < tokens.size()) { // a '}' at top level
                diagnostics.error(tokens.get(b.pos).at(), "unexpected '}' with no open block; ignored");
                b.pos++;
            }
        }
        return top;
    }

    /** Statements up to the '}' closing {@code opener} (left unconsumed), or to the end. */
    private List<Node> statements(Node.Builder opener) {
        List<Node> out = new ArrayList<>();
        while (pos < tokens.size()) {
            Token t = tokens.get(pos);
            switch (t.kind()) {
                case END_OF_LINE -> pos++;
                case CLOSE -> {
                    return out;
                }
                case OPEN -> {
                    diagnostics.error(t.at(), "unexpected '{' without a keyword; block ignored");
                    pos++;
                    if (!skippedTooDeep(t)) {
                        depth++;
                        statements(null);
                        depth--;
                        expectClose(t);
                    }
                }
                case WORD -> out.add(statement());
            }
        }
        if (opener != null) {
            diagnostics.error(opener.at, "missing '}' for the block '" + opener.keyword + "' opened here");
        }
        return out;
    }

    private Node statement() {
        Token first = tokens.get(pos++);
        Node.Builder node = new Node.Builder(first.text(), first.at());
        while (pos < tokens.size() && tokens.get(pos).is(Token.Kind.WORD)) {
            node.args.add(tokens.get(pos++).text());
        }
        int open = -1;
        if (pos < tokens.size() && tokens.get(pos).is(Token.Kind.OPEN)) {
            open = pos;
        } else if (pos < tokens.size() && tokens.get(pos).is(Token.Kind.END_OF_LINE)) {
            int look = pos;
            while (look < tokens.size() && tokens.get(look).is(Token.Kind.END_OF_LINE)) {
                look++;
            }
            if (look < tokens.size() && tokens.get(look).is(Token.Kind.OPEN)) {
                open = look;
            }
        }
        if (open >= 0) {
            Token brace = tokens.get(open);
            pos = open + 1;
            node.block = true;
            if (!skippedTooDeep(brace)) {
                depth++;
                node.children.addAll(statements(node));
                depth--;
                expectClose(brace);
            }
        }
        return node.build();
    }

    /**
     * When {@code open} (just consumed) would nest deeper than {@link #MAX_DEPTH}, reports it and
     * skips to its matching '}' (or the end) without recursing.
     */
    private boolean skippedTooDeep(Token open) {
        if (depth < MAX_DEPTH) {
            return false;
        }
        diagnostics.error(open.at(), "blocks nested deeper than " + MAX_DEPTH + " levels; this block is skipped");
        int level = 1;
        while (pos < tokens.size() && level > 0) {
            Token.Kind k = tokens.get(pos++).kind();
            if (k == Token.Kind.OPEN) {
                level++;
            } else if (k == Token.Kind.CLOSE) {
                level--;
            }
        }
        return true;
    }

    private void expectClose(Token open) {
        if (pos < tokens.size() && tokens.get(pos).is(Token.Kind.CLOSE)) {
            pos++;
        }
    }
}
