package io.tandem.bench;

/**
 * One timed failover. Times are milliseconds; {@code Double.NaN} where a value does not apply or
 * could not be measured. Probe times come from the client ({@link System#nanoTime()}); wire times
 * from the client host's capture (kernel timestamps), related to the probe times through the wall
 * clock read next to the fault.
 */
final class Sample {
    final DaemonKind kind;
    final Event event;
    final Settings settings;
    final int rep;
    /** Wall clock of the fault (SIGKILL, SIGTERM, or the restart's spawn), microseconds since the epoch. */
    final long faultMicros;

    /** False when the new owner did not answer within the bound. */
    boolean ok;
    /** The client's outage: from the last answer before the new owner's first answer, to that answer. */
    double outageMs = Double.NaN;
    /** From the fault to the new owner's first answer. */
    double faultToAnswerMs = Double.NaN;
    /** Who gave the last answer before the new owner's first one. */
    String lastAnswerFrom = "";
    /** Failed probes that started after the new owner's first answer, within the tail (should be 0). */
    int failuresAfter;
    /** Wall clock of the new owner's first answer, microseconds since the epoch. */
    long answerMicros;
    String note = "";
    /** crash, stop: the fault came this long after the client heard the master's last advert. */
    double afterAdvertMs = Double.NaN;

    // from the capture
    /** stop: SIGTERM to the old master's priority-0 advert. */
    double toPriorityZeroMs = Double.NaN;
    /** Fault to the new master's first advert. */
    double toNewAdvertMs = Double.NaN;
    /** When the timers say the new master's first advert is due, counted from the fault. */
    double expectedAdvertMs = Double.NaN;
    /** New master's first advert to its first gratuitous ARP. */
    double advertToGarpMs = Double.NaN;
    /** New master's first gratuitous ARP to the client's first answer from it. */
    double garpToAnswerMs = Double.NaN;

    Sample(DaemonKind kind, Event event, Settings settings, int rep, long faultMicros) {
        this.kind = kind;
        this.event = event;
        this.settings = settings;
        this.rep = rep;
        this.faultMicros = faultMicros;
    }

    /** Lateness of the new master's first advert against its timers. */
    double lateMs() {
        return toNewAdvertMs - expectedAdvertMs;
    }
}
