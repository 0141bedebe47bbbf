package io.tandem.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiseFallTest {
    private static RiseFall feed(RiseFall s, boolean... results) {
        for (boolean r : results) {
            s = s.record(r);
        }
        return s;
    }

    @Test
    void unknownUntilTheFirstResultWhichDecidesAtOnce() {
        RiseFall s = RiseFall.initial(3, 2, false);
        assertThat(s.known()).isFalse();
        assertThat(s.up()).isFalse();
        assertThat(s.record(true).up()).as("one success is enough at start, as in keepalived").isTrue();
        RiseFall down = s.record(false);
        assertThat(down.known()).isTrue();
        assertThat(down.up()).as("one failure at start is down").isFalse();
    }

    @Test
    void initFailStartsDownAndNeedsRiseSuccesses() {
        RiseFall s = RiseFall.initial(3, 2, true);
        assertThat(s.known()).isTrue();
        assertThat(feed(s, true, true).up()).isFalse();
        assertThat(feed(s, true, true, true).up()).isTrue();
    }

    @Test
    void goesDownAfterFallConsecutiveFailures() {
        RiseFall up = feed(RiseFall.initial(2, 3, false), true);
        assertThat(feed(up, false, false).up()).isTrue();
        assertThat(feed(up, false, false, false).up()).isFalse();
        assertThat(feed(up, false, false, true, false, false).up()).as("a success in between resets the count").isTrue();
    }

    @Test
    void comesUpAfterRiseConsecutiveSuccesses() {
        RiseFall down = feed(RiseFall.initial(3, 1, false), false);
        assertThat(feed(down, true, true).up()).isFalse();
        assertThat(feed(down, true, true, true).up()).isTrue();
        assertThat(feed(down, true, true, false, true, true).up()).as("a failure in between resets the count").isFalse();
    }

    @Test
    void riseAndFallOfOneFollowEveryResult() {
        RiseFall s = RiseFall.initial(1, 1, false);
        boolean[] seq = {true, false, false, true, true, false};
        for (boolean b : seq) {
            s = s.record(b);
            assertThat(s.up()).isEqualTo(b);
        }
    }
}
