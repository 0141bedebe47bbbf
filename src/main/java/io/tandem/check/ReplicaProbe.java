package io.tandem.check;

import io.tandem.config.MysqlCheck;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.mysql.ReplicaStatus;
import io.tandem.mysql.ServerInspector;
import io.tandem.mysql.ServerStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code MYSQL_CHECK} inside a {@code real_server}. Without {@code max_lag} it is {@link MysqlProbe}
 * (every condition decides up or down). With {@code max_lag} the lag is reported instead of judged:
 * the server is up when it answers as expected, and its lag (empty when replication is stopped or
 * the server cannot tell) goes to the load balancer, which applies hysteresis and keeps the
 * least-lagging replicas when all lag; a replica with a stopped SQL thread is lagging, not dead;
 * a server that is no replica at all has no lag. One attempt per probe: keepalived's {@code retry}
 * and {@code delay_before_retry} are the load balancer's checker loop's ({@code CheckerState}).
 */
public final class ReplicaProbe implements RealServerProbe {
    private final MysqlEndpoint endpoint;
    private final MysqlCheck check;
    private final MysqlProbe conditions;

    public ReplicaProbe(MysqlEndpoint endpoint, MysqlCheck check) {
        this.endpoint = endpoint;
        this.check = check;
        boolean judgeReplication = check.replication() && check.maxLag().isEmpty();
        this.conditions = new MysqlProbe(endpoint, check.expect(), judgeReplication, Optional.empty(), 0, Duration.ZERO);
    }

    @Override
    public Verdict probe() {
        if (check.maxLag().isEmpty()) {
            return Verdict.of(conditions.probe());
        }
        long start = System.nanoTime();
        ServerStatus s;
        try {
            s = ServerInspector.inspect(endpoint, true);
        } catch (SQLException e) {
            return new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), Duration.ofNanos(System.nanoTime() - start),
                    endpoint + ": " + firstLine(e.getMessage()));
        }
        Optional<String> bad = conditions.evaluate(s);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (bad.isPresent()) {
            return new Verdict(false, OptionalInt.empty(), OptionalLong.empty(), took, bad.get());
        }
        Optional<ReplicaStatus> r = s.replica();
        // a server that replicates from nobody (a master serving reads as a last resort) is never behind
        OptionalLong lag = r.isEmpty() ? OptionalLong.of(0)
                : r.filter(ReplicaStatus::running).map(ReplicaStatus::lagSeconds).orElse(OptionalLong.empty());
        String detail = r.isEmpty() ? "not a replica"
                : !r.get().running() ? "replication " + (r.get().ioRunning() ? "" : "IO ") + (r.get().sqlRunning() ? "" : "SQL ")
                + "thread stopped" : lag.isEmpty() ? "lag unknown" : "lag " + lag.getAsLong() + " s";
        return new Verdict(true, OptionalInt.empty(), lag, took, detail);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
