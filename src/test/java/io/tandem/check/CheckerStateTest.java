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

    @Test
    void logAllFailuresLogsEachFailedAttemptBeforeTheDownTransition() {
        CheckerState s = new CheckerState(3, false);
        s.run(true);
        int logged = 0;
        Step step;
        while ((step = s.run(false)) == Step.RETRY) {
            assertThat(s.failedWhileUp()).isTrue();
            assertThat(s.up()).isTrue();
            logged++;
        }
        assertThat(logged).isEqualTo(3);
        assertThat(step).isEqualTo(Step.FAILED);
        assertThat(s.failedWhileUp()).as("the attempt that takes the checker down is logged as the failure").isFalse();
        assertThat(s.up()).isFalse();
    }

    @Test
    void noFailedAttemptIsLoggedWhileDownOrOnAPassOrOnTheFirstRun() {
        CheckerState s = new CheckerState(3, false);
        assertThat(s.run(false)).isEqualTo(Step.FAILED); // the first failure counts at once
        assertThat(s.failedWhileUp()).isFalse();
        for (int i = 0; i < 8; i++) { // down: retried, never logged
            s.run(false);
            assertThat(s.failedWhileUp()).isFalse();
        }
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.failedWhileUp()).isFalse();
        assertThat(s.run(false)).isEqualTo(Step.RETRY);
        assertThat(s.failedWhileUp()).isTrue();
        assertThat(s.run(true)).isEqualTo(Step.PASSED);
        assertThat(s.failedWhileUp()).as("cleared by the next run").isFalse();
    }

    @Test
    void alphaFailuresAreNotLoggedAndRetryZeroLeavesNothingToLog() {
        CheckerState alpha = new CheckerState(2, true);
        alpha.run(false);
        assertThat(alpha.failedWhileUp()).isFalse();
        CheckerState none = new CheckerState(0, false);
        none.run(true);
        assertThat(none.run(false)).isEqualTo(Step.FAILED);
        assertThat(none.failedWhileUp()).isFalse();
    }
}
