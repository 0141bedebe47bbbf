package io.tandem.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.MysqlCheck;
import io.tandem.mysql.Flavour;
import io.tandem.mysql.MysqlEndpoint;
import io.tandem.mysql.ReplicaStatus;
import io.tandem.mysql.ServerStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The conditions of MYSQL_CHECK against a server status (no server involved). */
class MysqlProbeTest {
    private static final MysqlEndpoint E = new MysqlEndpoint("10.0.0.1", 3306, "tandem", "pw", Duration.ofSeconds(1));

    private static MysqlProbe probe(MysqlCheck.Expect expect, boolean replication, Optional<Duration> maxLag) {
        return new MysqlProbe(E, expect, replication, maxLag, 0, Duration.ZERO);
    }

    private static ServerStatus status(boolean readOnly, Optional<ReplicaStatus> replica) {
        return new ServerStatus(Flavour.MARIADB, "10.11", readOnly, false, replica);
    }

    private static Optional<ReplicaStatus> replica(boolean io, boolean sql, long lag) {
        return Optional.of(new ReplicaStatus(io, sql, lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag),
                Optional.of("db2"), Optional.empty()));
    }

    @Test
    void writableAndReadOnlyExpectations() {
        assertThat(probe(MysqlCheck.Expect.WRITABLE, false, Optional.empty()).evaluate(status(false, Optional.empty()))).isEmpty();
        assertThat(probe(MysqlCheck.Expect.WRITABLE, false, Optional.empty()).evaluate(status(true, Optional.empty())))
                .hasValue("tandem@10.0.0.1:3306: read-only, expected writable");
        assertThat(probe(MysqlCheck.Expect.READ_ONLY, false, Optional.empty()).evaluate(status(false, Optional.empty())))
                .hasValue("tandem@10.0.0.1:3306: writable, expected read-only");
        assertThat(probe(MysqlCheck.Expect.ANY, false, Optional.empty()).evaluate(status(true, Optional.empty()))).isEmpty();
    }

    @Test
    void replicationMustRunWhenAsked() {
        MysqlProbe p = probe(MysqlCheck.Expect.ANY, true, Optional.empty());
        assertThat(p.evaluate(status(true, Optional.empty()))).hasValue("tandem@10.0.0.1:3306: replication is not configured");
        assertThat(p.evaluate(status(true, replica(true, false, -1)))).hasValue("tandem@10.0.0.1:3306: replication SQL thread stopped");
        assertThat(p.evaluate(status(true, replica(true, true, 0)))).isEmpty();
    }

    @Test
    void lagAboveTheLimitOrUnknownFails() {
        MysqlProbe p = probe(MysqlCheck.Expect.ANY, true, Optional.of(Duration.ofSeconds(10)));
        assertThat(p.evaluate(status(true, replica(true, true, 10)))).isEmpty();
        assertThat(p.evaluate(status(true, replica(true, true, 11)))).hasValue("tandem@10.0.0.1:3306: 11 s behind, at most 10 s allowed");
        assertThat(p.evaluate(status(true, replica(true, true, -1)))).hasValue("tandem@10.0.0.1:3306: replication lag unknown");
    }
}
