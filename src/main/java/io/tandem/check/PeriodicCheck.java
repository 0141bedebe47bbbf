package io.tandem.check;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a probe every {@code interval} on its own virtual thread and hands each result to a sink
 * (the control loop's queue). Runs never overlap: a probe slower than the interval delays the
 * next one, as keepalived does for scripts. A probe that throws is reported as a failure; the
 * check keeps running.
 */
public final class PeriodicCheck implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeriodicCheck.class.getName());

    private final String name;
    private final Probe probe;
    private final Duration interval;
    private final Consumer<CheckReport> sink;
    private final Thread thread;
    private volatile boolean stopped;

    public PeriodicCheck(String name, Probe probe, Duration interval, Consumer<CheckReport> sink) {
        this.name = Objects.requireNonNull(name);
        this.probe = probe;
        this.interval = interval;
        this.sink = sink;
        this.thread = Thread.ofVirtual().name("check-" + name).unstarted(this::loop);
    }

    public PeriodicCheck start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!stopped) {
            long start = System.nanoTime();
            ProbeResult r;
            try {
                r = probe.probe();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "check " + name + " failed unexpectedly", e);
                r = new ProbeResult(false, Duration.ofNanos(System.nanoTime() - start), "internal error: " + e);
            }
            if (stopped) {
                return;
            }
            sink.accept(new CheckReport(name, r));
            long rest = interval.toNanos() - (System.nanoTime() - start);
            if (rest > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(rest));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
