package io.tandem.daemon;

import java.nio.file.Path;
import java.util.Optional;

/** How the daemon was asked to run: the keepalived flags that mean something to Tandem. */
public record DaemonOptions(Path configFile, Optional<Path> pidFile, boolean detailedLog) {}
