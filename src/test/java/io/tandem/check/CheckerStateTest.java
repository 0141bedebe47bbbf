package io.tandem.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.check.CheckerState.Step;
import org.junit.jupiter.api.Test;

class CheckerStateTest {
    @Test
    void firstFailureCountsAtOnceAsInKeepalived() {
        CheckerState s = new CheckerState(2, false);
        assertThat(s.up()).isTrue();
        assertThat(s.hasRun()).isFalse();
        assertThat(s.run(false)).isEqualTo(Step.FAILED);
        assertThat(s.hasRun()).isTrue();
        assertThat(s.up()).isFalse();
    }

    @Test
    void afterAPassAFailureIsRetriedRetryTimesBeforeItCounts() {
        CheckerState s = new CheckerState(2, false);
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.up()).isTrue();
        assertThat(s.retriesUsed()).isEqualTo(1);
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.up()).isTrue();
        assertThat(s.run(false)).isEqualTo(Step.FAILED);
        assertThat(s.up()).isFalse();
        assertThat(s.retriesUsed()).isZero();
    }

    @Test
    void aPassDuringRetriesKeepsTheCheckerUpAndResetsTheCount() {
        CheckerState s = new CheckerState(1, false);
        s.run(true);
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.up()).isTrue();
    }

    @Test
    void oneSuccessBringsAFailedCheckerBack() {
        CheckerState s = new CheckerState(3, false);
        s.run(false);
        assertThat(s.up()).isFalse();
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.up()).isTrue();
    }

    @Test
    void whileDownFailuresAreRetriedAgainWithoutChangingAnything() {
        CheckerState s = new CheckerState(1, false);
        s.run(false);
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.run(false)).isEqualTo(Step.FAILED);
        assertThat(s.up()).isFalse();
    }

    @Test
    void retryZeroFailsOnEveryFailure() {
        CheckerState s = new CheckerState(0, false);
        s.run(true);
        assertThat(s.run(false)).isEqualTo(Step.FAILED);
    }

    @Test
    void alphaStartsFailed() {
        CheckerState s = new CheckerState(1, true);
        assertThat(s.up()).isFalse();
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.up()).isTrue();
    }

    @Test
    void negativeRetryIsRefused() {
        assertThatThrownBy(() -> new CheckerState(-1, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
