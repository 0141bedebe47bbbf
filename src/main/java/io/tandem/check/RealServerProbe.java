package io.tandem.check;

/** One checker of a real server: blocking, bounded by its own timeout, never throws for a failed target. */
@FunctionalInterface
public interface RealServerProbe {
    Verdict probe();
}
