package io.tandem.config;

/** A lexical token of keepalived.conf. Words keep their text with quotes removed. */
record Token(Kind kind, String text, SourceLocation at) {
    enum Kind { WORD, OPEN, CLOSE, END_OF_LINE }

    boolean is(Kind k) {
        return kind == k;
    }
}
