package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TandemLogTest {
    private static final String LOG = """
            2026-11-25 15:52:10.000 INFO  InstanceRuntime: (VI_W) BACKUP -> MASTER (master down)
            a stack trace line without a stamp (VI_W) BACKUP -> MASTER
            2026-11-25 15:52:19.119 INFO  InstanceRuntime: (VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)
            2026-11-25 15:52:19.158 INFO  WriteGuard: (VI_W) writes on after 37 ms: unfence done
            """;

    @Test
    void findsTheFirstMatchingLineAtOrAfterTheInstant() {
        long since = Instant.parse("2026-11-25T15:52:19.000Z").toEpochMilli();
        assertThat(TandemLog.offsetMs(LOG, since, "(VI_W) BACKUP -> MASTER")).isEqualTo(119.0);
        assertThat(TandemLog.offsetMs(LOG, since, "(VI_W) writes on after")).isEqualTo(158.0);
        assertThat(TandemLog.offsetMs(LOG, since, "(VI_W) MASTER -> FAULT")).isNaN();
        assertThat(TandemLog.firstAfter(LOG, since - 10_000, "BACKUP -> MASTER").getAsLong())
                .isEqualTo(Instant.parse("2026-11-25T15:52:10.000Z").toEpochMilli());
    }
}
