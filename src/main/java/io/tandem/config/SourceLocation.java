package io.tandem.config;

/** A place in a configuration file: the file as the user named it (or as an include expanded it) and a 1-based line. */
public record SourceLocation(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
