package io.tandem.config;

import java.util.List;

/**
 * A statement of keepalived.conf: a keyword, the words after it on its line, and, when it opens a
 * block, the statements inside. The tree knows nothing of meaning; the readers give it that.
 */
public record Node(String keyword, List<String> args, List<Node> children, boolean block, SourceLocation at) {
    public Node {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    /** The argument at {@code index}, or null when there are fewer. */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    /** Mutable form used while the tree is built. */
    static final class Builder {
        final String keyword;
        final SourceLocation at;
        final List<String> args = new java.util.ArrayList<>();
        final List<Node> children = new java.util.ArrayList<>();
        boolean block;

        Builder(String keyword, SourceLocation at) {
            this.keyword = keyword;
            this.at = at;
        }

        Node build() {
            return new Node(keyword, args, children, block, at);
        }
    }
}
