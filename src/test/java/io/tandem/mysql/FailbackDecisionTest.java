package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.mysql.ReplicaLink.IoState;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a returning master may take the VIP back: CatchUp.caughtUp, one case per rule. */
class FailbackDecisionTest {
    private static ReplicaLink link(IoState io, boolean sql, String ioError, String sqlError, Long lag) {
        return new ReplicaLink(io, sql, Optional.ofNullable(ioError), Optional.ofNullable(sqlError),
                lag == null ? OptionalLong.empty() : OptionalLong.of(lag), "10.0.0.12", 3306, 12);
    }

    private static final ReplicaLink RUNNING = link(IoState.RUNNING, true, null, null, 0L);

    @Test
    void caughtUpWhenRunningAndNothingMissing() {
        assertThat(CatchUp.caughtUp(Optional.of(RUNNING), Optional.of(""))).isInstanceOf(FailbackVerdict.CaughtUp.class);
    }

    @Test
    void behindWhileTheMastersPositionIsNotApplied() {
        FailbackVerdict v = CatchUp.caughtUp(Optional.of(RUNNING), Optional.of("2-12-900"));
        assertThat(v).isInstanceOf(FailbackVerdict.Behind.class);
        assertThat(v.reason()).contains("2-12-900");
    }

    @Test
    void zeroLagIsNotEnoughWhenThePositionSaysOtherwise() {
        // Seconds_Behind_Master is 0 while the IO thread is behind: the position decides
        assertThat(CatchUp.caughtUp(Optional.of(RUNNING), Optional.of("1-11-5"))).isInstanceOf(FailbackVerdict.Behind.class);
    }

    @Test
    void withoutTheMastersPositionTheLagDecides() {
        assertThat(CatchUp.caughtUp(Optional.of(RUNNING), Optional.empty())).isInstanceOf(FailbackVerdict.CaughtUp.class);
        FailbackVerdict lagging = CatchUp.caughtUp(Optional.of(link(IoState.RUNNING, true, null, null, 42L)), Optional.empty());
        assertThat(lagging).isInstanceOf(FailbackVerdict.Behind.class);
        assertThat(lagging.reason()).contains("42 s");
        assertThat(CatchUp.caughtUp(Optional.of(link(IoState.RUNNING, true, null, null, null)), Optional.empty()))
                .isInstanceOf(FailbackVerdict.Behind.class);
    }

    @Test
    void stoppedOrConnectingThreadsAreBehindNotBroken() {
        assertThat(CatchUp.caughtUp(Optional.of(link(IoState.STOPPED, true, null, null, null)), Optional.of("")))
                .isEqualTo(new FailbackVerdict.Behind("replication IO thread stopped"));
        assertThat(CatchUp.caughtUp(Optional.of(link(IoState.RUNNING, false, null, null, null)), Optional.of("")))
                .isEqualTo(new FailbackVerdict.Behind("replication SQL thread stopped"));
        FailbackVerdict connecting = CatchUp.caughtUp(Optional.of(link(IoState.CONNECTING, true, "error reconnecting to master", null, null)),
                Optional.of(""));
        assertThat(connecting).isInstanceOf(FailbackVerdict.Behind.class);
        assertThat(connecting.reason()).contains("connecting").contains("error reconnecting");
    }

    @Test
    void errorsAndMissingReplicationAreBroken() {
        FailbackVerdict sql = CatchUp.caughtUp(Optional.of(link(IoState.RUNNING, false, null, "Duplicate entry '5' for key 'PRIMARY'", null)),
                Optional.of(""));
        assertThat(sql).isInstanceOf(FailbackVerdict.Broken.class);
        assertThat(sql.reason()).contains("Duplicate entry");
        FailbackVerdict io = CatchUp.caughtUp(Optional.of(link(IoState.STOPPED, true, "Access denied for user 'repl'", null, null)),
                Optional.of(""));
        assertThat(io).isInstanceOf(FailbackVerdict.Broken.class);
        assertThat(CatchUp.caughtUp(Optional.empty(), Optional.of(""))).isInstanceOf(FailbackVerdict.Broken.class);
    }
}
