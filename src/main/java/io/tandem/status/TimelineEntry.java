package io.tandem.status;

import java.time.Instant;

/** One state change of one instance, for the daemon's recent-transitions timeline. */
public record TimelineEntry(String instance, String from, String to, String reason, Instant at) {}
