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
        assertThat(EffectivePriority.of(List.of())).isEqualTo(new EffectivePriority.Result(0, false, false, List.of()));
    }

    @Test
    void negativeWeightAppliesWhileTheCheckFails() {
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", -60, false, true))).weightSum()).isZero();
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", -60, false, false))).weightSum()).isEqualTo(-60);
    }

    @Test
    void positiveWeightAppliesWhileTheCheckSucceeds() {
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", 2, false, true))).weightSum()).isEqualTo(2);
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", 2, false, false))).weightSum()).isZero();
    }

    @Test
    void reverseNegatesTheChange() {
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", 20, true, true))).weightSum()).isEqualTo(-20);
        assertThat(EffectivePriority.of(List.of(Tracked.of("chk", -20, true, false))).weightSum()).isEqualTo(20);
    }

    @Test
    void weightZeroMeansFaultWhileBadAndReverseFaultWhileGood() {
        EffectivePriority.Result bad = EffectivePriority.of(List.of(Tracked.of("eth1", 0, false, false)));
        assertThat(bad.fault()).isTrue();
        assertThat(bad.causes()).containsExactly("eth1");
        assertThat(EffectivePriority.of(List.of(Tracked.of("eth1", 0, false, true))).fault()).isFalse();
        assertThat(EffectivePriority.of(List.of(Tracked.of("f", 0, true, true))).fault()).isTrue();
    }

    @Test
    void unreportedChecksChangeNothingButWeightZeroOnesHoldTheInstance() {
        EffectivePriority.Result r = EffectivePriority.of(
                List.of(Tracked.unknown("w", -50, false), Tracked.unknown("f", 0, false)));
        assertThat(r.weightSum()).isZero();
        assertThat(r.waiting()).isTrue();
        assertThat(r.fault()).isFalse();
        assertThat(EffectivePriority.of(List.of(Tracked.unknown("w", -50, false))).waiting()).isFalse();
    }

    @Test
    void faultOutranksWaiting() {
        EffectivePriority.Result r = EffectivePriority.of(
                List.of(Tracked.unknown("a", 0, false), Tracked.of("b", 0, false, false)));
        assertThat(r.fault()).isTrue();
        assertThat(r.waiting()).isFalse();
    }

    @Test
    void weightsAddUp() {
        assertThat(EffectivePriority.of(List.of(Tracked.of("a", -50, false, false), Tracked.of("b", 30, false, true),
                Tracked.of("c", -20, false, true))).weightSum()).isEqualTo(-20);
    }

    @Property(tries = 300)
    void faultMeansSomeWeightZeroItemIsBadAndTheSumIsBounded(
            @ForAll @IntRange(min = -253, max = 253) int w1, @ForAll boolean r1, @ForAll boolean g1,
            @ForAll @IntRange(min = -253, max = 253) int w2, @ForAll boolean r2, @ForAll boolean g2) {
        List<Tracked> items = List.of(Tracked.of("a", w1, r1, g1), Tracked.of("b", w2, r2, g2));
        EffectivePriority.Result r = EffectivePriority.of(items);
        assertThat(Math.abs(r.weightSum())).isLessThanOrEqualTo(Math.abs(w1) + Math.abs(w2));
        boolean expectFault = items.stream().anyMatch(t -> t.weight() == 0 && t.good().orElseThrow() == t.reverse());
        assertThat(r.fault()).isEqualTo(expectFault);
    }
}
