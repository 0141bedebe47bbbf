package io.tandem.daemon;

import io.tandem.vrrp.Reason;
import io.tandem.vrrp.Rejected;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts dropped VRRP packets per reason (S5) and logs them rate-limited: the first of each
 * reason at once, then at most one line per reason per interval with the count since. Safe to
 * call from socket reader threads.
 */
final class RejectionLog {
    private static final System.Logger LOG = System.getLogger(RejectionLog.class.getName());
    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final String where;
    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);
    private final long[] lastLogged = new long[Reason.values().length];
    private final long[] countAtLastLog = new long[Reason.values().length];

    RejectionLog(String where) {
        this.where = where;
    }

    void count(Rejected r) {
        int i = r.reason().ordinal();
        long n = counts.incrementAndGet(i);
        long now = System.nanoTime();
        synchronized (this) {
            if (n == 1 || now - lastLogged[i] >= INTERVAL_NANOS) {
                long since = n - countAtLastLog[i];
                lastLogged[i] = now;
                countAtLastLog[i] = n;
                LOG.log(Level.WARNING, "{0}: dropped VRRP packet: {1} ({2} of this kind since the last report, {3} in all)",
                        where, r, since, n);
            }
        }
    }

    Map<Reason, Long> counts() {
        Map<Reason, Long> out = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            long n = counts.get(r.ordinal());
            if (n > 0) {
                out.put(r, n);
            }
        }
        return out;
    }
}
