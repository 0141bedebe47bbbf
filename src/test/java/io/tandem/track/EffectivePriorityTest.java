package io.tandem.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EffectivePriorityTest {
    @Test
    void noTrackingKeepsTheConfiguredPriority() {
        assertThat(EffectivePriority.of(150, List.of())).isEqualTo(new EffectivePriority.Result(150, false, false, List.of()));
    }

    @Test
    void negativeWeightAppliesWhileTheCheckFails() {
        assertThat(EffectivePriority.of(150, List.of(Tracked.of("chk", -60, false, true))).priority()).isEqualTo(150);
        assertThat(EffectivePriority.of(150, List.of(Tracked.of("chk", -60, false, false))).priority()).isEqualTo(90);
    }

    @Test
    void positiveWeightAppliesWhileTheCheckSucceeds() {
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("chk", 2, false, true))).priority()).isEqualTo(102);
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("chk", 2, false, false))).priority()).isEqualTo(100);
    }

    @Test
    void reverseNegatesTheChange() {
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("chk", 20, true, true))).priority()).isEqualTo(80);
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("chk", -20, true, false))).priority()).isEqualTo(120);
    }

    @Test
    void weightZeroMeansFaultWhileBadAndReverseFaultWhileGood() {
        EffectivePriority.Result bad = EffectivePriority.of(100, List.of(Tracked.of("eth1", 0, false, false)));
        assertThat(bad.fault()).isTrue();
        assertThat(bad.causes()).containsExactly("eth1");
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("eth1", 0, false, true))).fault()).isFalse();
        assertThat(EffectivePriority.of(100, List.of(Tracked.of("f", 0, true, true))).fault()).isTrue();
    }

    @Test
    void unreportedChecksChangeNothingButWeightZeroOnesHoldTheInstance() {
        EffectivePriority.Result r = EffectivePriority.of(100,
                List.of(Tracked.unknown("w", -50, false), Tracked.unknown("f", 0, false)));
        assertThat(r.priority()).isEqualTo(100);
        assertThat(r.waiting()).isTrue();
        assertThat(r.fault()).isFalse();
        assertThat(EffectivePriority.of(100, List.of(Tracked.unknown("w", -50, false))).waiting()).isFalse();
    }

    @Test
    void faultOutranksWaiting() {
        EffectivePriority.Result r = EffectivePriority.of(100,
                List.of(Tracked.unknown("a", 0, false), Tracked.of("b", 0, false, false)));
        assertThat(r.fault()).isTrue();
        assertThat(r.waiting()).isFalse();
    }

    @Test
    void clampedToOneAnd254AndTheOwnerIsNeverMoved() {
        assertThat(EffectivePriority.of(10, List.of(Tracked.of("a", -253, false, false))).priority()).isEqualTo(1);
        assertThat(EffectivePriority.of(250, List.of(Tracked.of("a", 100, false, true))).priority()).isEqualTo(254);
        assertThat(EffectivePriority.of(255, List.of(Tracked.of("a", -100, false, false))).priority()).isEqualTo(255);
    }

    @Property(tries = 300)
    void priorityStaysInRangeAndFaultMeansSomeWeightZeroItemIsBad(
            @ForAll @IntRange(min = 1, max = 255) int base,
            @ForAll @IntRange(min = -253, max = 253) int w1, @ForAll boolean r1, @ForAll boolean g1,
            @ForAll @IntRange(min = -253, max = 253) int w2, @ForAll boolean r2, @ForAll boolean g2) {
        List<Tracked> items = List.of(Tracked.of("a", w1, r1, g1), Tracked.of("b", w2, r2, g2));
        EffectivePriority.Result r = EffectivePriority.of(base, items);
        if (base == 255) {
            assertThat(r.priority()).isEqualTo(255);
        } else {
            assertThat(r.priority()).isBetween(1, 254);
        }
        boolean expectFault = items.stream().anyMatch(t -> t.weight() == 0 && t.good().orElseThrow() == t.reverse());
        assertThat(r.fault()).isEqualTo(expectFault);
    }
}
