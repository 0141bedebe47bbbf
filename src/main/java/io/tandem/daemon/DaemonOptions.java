package io.tandem.daemon;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the daemon was asked to run: the keepalived flags that mean something to Tandem, and
 * Tandem's own.
 *
 * @param controlSocket where {@code tandem status} finds the daemon; empty: beside the pid file
 *                      ({@link #controlSocketFor}), or none without a pid file
 * @param http          the HTTP endpoint's address ({@code --http}); empty: off unless the
 *                      configuration's {@code http_status} turns it on
 * @param httpToken     the file with the bearer token of mutating HTTP requests
 *                      ({@code --http-token}); empty: the configuration's {@code http_token_file},
 *                      else none (the endpoint is read-only)
 */
public record DaemonOptions(Path configFile, Optional<Path> pidFile, boolean detailedLog, Optional<Path> controlSocket,
                            Optional<InetSocketAddress> http, Optional<Path> httpToken) {
    public DaemonOptions(Path configFile, Optional<Path> pidFile, boolean detailedLog) {
        this(configFile, pidFile, detailedLog, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public DaemonOptions(Path configFile, Optional<Path> pidFile, boolean detailedLog, Optional<Path> controlSocket,
                         Optional<InetSocketAddress> http) {
        this(configFile, pidFile, detailedLog, controlSocket, http, Optional.empty());
    }

    /** The service's control socket, next to its pid file. */
    public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/tandem/tandem.sock");

    /**
     * The control socket for a daemon run with {@code pidFile}: {@code tandem.sock} in the pid
     * file's directory (so daemons with their own pid files have their own sockets), else
     * {@link #DEFAULT_CONTROL_SOCKET}.
     */
    public static Path controlSocketFor(Optional<Path> pidFile) {
        return pidFile.map(p -> p.toAbsolutePath().resolveSibling("tandem.sock")).orElse(DEFAULT_CONTROL_SOCKET);
    }

    /**
     * The daemon's control socket: {@code --control-socket}, else {@code tandem.sock} beside the pid
     * file; none without either (a daemon without a pid file makes no files of its own, and two of
     * them would contend for one default socket).
     */
    public Optional<Path> controlSocketPath() {
        return controlSocket.or(() -> pidFile.map(p -> controlSocketFor(pidFile)));
    }
}
