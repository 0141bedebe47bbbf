package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.check.TcpProbe;
import io.tandem.config.MiscCheck;
import io.tandem.config.MysqlCheck;
import io.tandem.config.SourceLocation;
import io.tandem.config.TcpCheck;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's wording for the failed attempts {@code log_all_failures} logs (check_tcp.c, check_misc.c). */
class FailedAttemptTest {
    private static final SourceLocation AT = new SourceLocation("keepalived.conf", 1);
    private static final String RS = "[10.0.0.21]:tcp:3306";
    private static final String VS = "[10.0.0.100]:tcp:3306";

    @Test
    void tcpCheckSaysFailedOrTimeoutAsKeepalived() {
        TcpCheck tcp = new TcpCheck(Optional.empty(), Optional.empty(), Duration.ofSeconds(1), 3, Duration.ofSeconds(1), AT);
        assertThat(FailedAttempt.line(tcp, RS, VS, "10.0.0.21:3306: Connection refused", 1, 3))
                .isEqualTo("TCP connection to [10.0.0.21]:tcp:3306 failed. (10.0.0.21:3306: Connection refused)");
        String timedOut = "10.0.0.21:3306: no connection within 1000 ms";
        assertThat(TcpProbe.timedOut(timedOut)).isTrue();
        assertThat(FailedAttempt.line(tcp, RS, VS, timedOut, 2, 3))
                .startsWith("TCP connection to [10.0.0.21]:tcp:3306 timeout.");
    }

    @Test
    void miscCheckCountsRetriesAsKeepalived() {
        MiscCheck misc = new MiscCheck("\"/usr/local/bin/check db\" --quick", Optional.empty(), false, Optional.empty(), AT);
        assertThat(FailedAttempt.line(misc, RS, VS, "exited 1", 1, 3)).isEqualTo(
                "Misc check for [[10.0.0.21]:tcp:3306 VS [10.0.0.100]:tcp:3306] by [/usr/local/bin/check db] failed,"
                        + " will do 3 retries (exited 1).");
        assertThat(FailedAttempt.line(misc, RS, VS, "exited 1", 1, 1)).contains("failed, will do 1 retry (exited 1).");
        assertThat(FailedAttempt.line(misc, RS, VS, "exited 1", 3, 3)).contains("failed on retry 2/3 (exited 1).");
    }

    @Test
    void mysqlCheckGivesTheProbesReason() {
        MysqlCheck mysql = new MysqlCheck(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("monitor"),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2), MysqlCheck.Expect.ANY, false, Optional.empty(), 3,
                Duration.ofSeconds(1), AT);
        assertThat(FailedAttempt.line(mysql, RS, VS, "read_only is ON", 2, 3))
                .isEqualTo("MYSQL_CHECK for [[10.0.0.21]:tcp:3306 VS [10.0.0.100]:tcp:3306] failed on retry 1/3 (read_only is ON).");
    }
}
