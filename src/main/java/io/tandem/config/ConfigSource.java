package io.tandem.config;

import java.util.List;
import java.util.Optional;

/**
 * Where configuration text comes from. The parser does no I/O itself; the daemon passes one
 * backed by the file system, tests pass one backed by a map.
 */
public interface ConfigSource {
    /** The text of the file at this absolute path, or empty when it does not exist or cannot be read. */
    Optional<String> read(String absolutePath);

    /**
     * The absolute paths matching a glob pattern ({@code *}, {@code ?}, {@code [...]} in any path
     * component) that is itself absolute, sorted; empty when nothing matches.
     */
    List<String> glob(String absolutePattern);
}
