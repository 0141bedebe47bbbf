package io.tandem.bench;

/**
 * One start of the higher-priority daemon while the other host is master: from the spawn to its
 * first advert on the wire. The protocol itself makes it wait one Master_Down_Interval (it starts
 * in BACKUP and preempts when that timer fires); the rest is the daemon's own start-up.
 *
 * @param context  "failback" or "after crash"
 * @param toAdvertMs spawn to first advert, NaN when none was seen
 * @param masterDownMs the Master_Down_Interval of the starting daemon
 */
record Startup(DaemonKind kind, Settings settings, int rep, String context, long spawnMicros, double toAdvertMs,
               double masterDownMs) {
    double overheadMs() {
        return toAdvertMs - masterDownMs;
    }
}
