package io.tandem.check;

import io.tandem.config.MysqlCheck;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.mysql.ReplicaStatus;
import io.tandem.mysql.ServerInspector;
import io.tandem.mysql.ServerStatus;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Tandem's {@code MYSQL_CHECK}: connects within the timeout, logs in, reads the server's state and
 * checks the configured conditions (writable or read-only, replication threads running, lag at
 * most N seconds). A hung mysqld (SIGSTOP) fails by timeout; a dead one fails at once. Retries
 * {@code retry} times, {@code delay_before_retry} apart, before reporting a failure. Details
 * never contain the password.
 */
public final class MysqlProbe implements Probe {
    private final MysqlEndpoint endpoint;
    private final MysqlCheck.Expect expect;
    private final boolean replication;
    private final Optional<Duration> maxLag;
    private final int retry;
    private final Duration delayBeforeRetry;

    public MysqlProbe(MysqlEndpoint endpoint, MysqlCheck.Expect expect, boolean replication, Optional<Duration> maxLag,
                      int retry, Duration delayBeforeRetry) {
        this.endpoint = endpoint;
        this.expect = expect;
        this.replication = replication;
        this.maxLag = maxLag;
        this.retry = retry;
        this.delayBeforeRetry = delayBeforeRetry;
    }

    @Override
    public ProbeResult probe() {
        long start = System.nanoTime();
        String detail = "";
        for (int attempt = 0; attempt <= retry; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(delayBeforeRetry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Optional<String> failure = once();
            if (failure.isEmpty()) {
                return new ProbeResult(true, Duration.ofNanos(System.nanoTime() - start), "ok");
            }
            detail = failure.get();
        }
        return new ProbeResult(false, Duration.ofNanos(System.nanoTime() - start), detail);
    }

    /** One attempt: empty when every condition holds, else why not. */
    Optional<String> once() {
        long start = System.nanoTime();
        ServerStatus s;
        try {
            s = ServerInspector.inspect(endpoint, replication);
        } catch (SQLTimeoutException e) {
            return Optional.of(endpoint + ": no answer within " + endpoint.timeout().toMillis() + " ms");
        } catch (SQLException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            boolean timedOut = ms >= endpoint.timeout().toMillis() || String.valueOf(e.getMessage()).contains("timed out");
            return Optional.of(endpoint + (timedOut ? ": no answer within " + endpoint.timeout().toMillis() + " ms"
                    : ": " + firstLine(e.getMessage())));
        }
        return evaluate(s);
    }

    /** The conditions of the check against a status (pure). */
    Optional<String> evaluate(ServerStatus s) {
        if (expect == MysqlCheck.Expect.WRITABLE && !s.writable()) {
            return Optional.of(endpoint + ": read-only, expected writable");
        }
        if (expect == MysqlCheck.Expect.READ_ONLY && s.writable()) {
            return Optional.of(endpoint + ": writable, expected read-only");
        }
        if (replication) {
            if (s.replica().isEmpty()) {
                return Optional.of(endpoint + ": replication is not configured");
            }
            ReplicaStatus r = s.replica().get();
            if (!r.running()) {
                return Optional.of(endpoint + ": replication " + (r.ioRunning() ? "" : "IO ") + (r.sqlRunning() ? "" : "SQL ")
                        + "thread stopped" + r.lastError().map(err -> ": " + firstLine(err)).orElse(""));
            }
            if (maxLag.isPresent()) {
                if (r.lagSeconds().isEmpty()) {
                    return Optional.of(endpoint + ": replication lag unknown");
                }
                if (r.lagSeconds().getAsLong() > maxLag.get().toSeconds()) {
                    return Optional.of(endpoint + ": " + r.lagSeconds().getAsLong() + " s behind, at most "
                            + maxLag.get().toSeconds() + " s allowed");
                }
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
