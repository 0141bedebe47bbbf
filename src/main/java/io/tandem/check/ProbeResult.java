package io.tandem.check;

import java.time.Duration;

/** What one probe run found: success, how long it took, and a short reason for the log. */
public record ProbeResult(boolean success, Duration elapsed, String detail) {}
