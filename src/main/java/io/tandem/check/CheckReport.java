package io.tandem.check;

/** A probe result from a named check, as posted to the control loop. */
public record CheckReport(String check, ProbeResult result) {}
