package io.tandem.bench;

/**
 * One timed kill -9 of the master's mysqld. Times are milliseconds from the SIGKILL;
 * {@code Double.NaN} where a value does not apply or was not seen.
 */
final class MysqlSample {
    final MysqlVariant variant;
    final int rep;
    /** Wall clock of the SIGKILL, milliseconds since the epoch. */
    final long killMillis;

    /** False when the VIP or the writes did not reach db2 within the bound. */
    boolean ok;
    String note = "";
    /** SIGKILL to the VIP on db2 (seen by polling db2's addresses every 5 ms). */
    double vipMs = Double.NaN;
    /** SIGKILL to the first insert acknowledged by db2's server_id through the VIP. */
    double writeMs = Double.NaN;
    /** The last insert acknowledged before the SIGKILL came this long before it (the client was writing). */
    double lastAckBeforeMs = Double.NaN;
    /** Failed insert attempts between the SIGKILL and the first acknowledged one on db2. */
    int failedWrites;
    /** The longest failed attempt of the client in that time (a connect that timed out, mostly), and its error. */
    double slowestFailMs = Double.NaN;
    String slowestFail = "";
    /** Tandem only, from its logs (millisecond timestamps): db1's instance enters FAULT. */
    double faultMs = Double.NaN;
    /** Tandem only: db2's instance becomes MASTER. */
    double masterMs = Double.NaN;
    /** Tandem only: db2 logs "writes on" (old master fenced or unreachable, caught up, read_only off). */
    double writesOnMs = Double.NaN;
    /** From the SIGKILL until db1 is master again, writable, and replication runs both ways. */
    double restoreMs = Double.NaN;

    MysqlSample(MysqlVariant variant, int rep, long killMillis) {
        this.variant = variant;
        this.rep = rep;
        this.killMillis = killMillis;
    }

    /** From the VIP on db2 to the first write there: fencing, catch-up, unfence, the client's reconnect. */
    double vipToWriteMs() {
        return writeMs - vipMs;
    }
}
