package io.tandem.check;

/** One health probe (a script run, a TCP connect, a MySQL query): blocking, bounded by its own timeout. */
@FunctionalInterface
public interface Probe {
    /** Runs the probe once; never throws for a failed target, only returns false with a reason. */
    ProbeResult probe();
}
