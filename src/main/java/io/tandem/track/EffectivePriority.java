package io.tandem.track;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the tracked items of an instance into the change they make to its priority (keepalived's
 * {@code total_priority - base_priority}), or FAULT. The rules are keepalived 2.2.7's
 * ({@code process_script_update_priority}):
 * <ul>
 *   <li>weight 0: the instance is in FAULT while the item is bad (with {@code reverse}: while it
 *       is good); while such an item has not reported yet the instance waits;</li>
 *   <li>weight &gt; 0: added while the item is good; weight &lt; 0: added while it is bad;
 *       {@code reverse} negates the change; an item that has not reported changes nothing.</li>
 * </ul>
 * Clamping base priority plus this sum into a priority (1..254, 255 for the owner) is the state
 * machine's job.
 */
public final class EffectivePriority {
    private EffectivePriority() {}

    /**
     * @param weightSum what the items add to the base priority now
     * @param fault     some weight-0 item is bad
     * @param waiting   some weight-0 item has not reported yet (the instance stays initialising)
     * @param causes    the names of the items that cause the fault
     */
    public record Result(int weightSum, boolean fault, boolean waiting, List<String> causes) {
        public Result {
            causes = List.copyOf(causes);
        }
    }

    public static Result of(List<Tracked> items) {
        int total = 0;
        boolean waiting = false;
        List<String> causes = new ArrayList<>();
        for (Tracked t : items) {
            if (t.good().isEmpty()) {
                waiting |= t.weight() == 0;
                continue;
            }
            if (faults(t)) {
                causes.add(t.name());
            }
            total += change(t);
        }
        return new Result(total, !causes.isEmpty(), waiting && causes.isEmpty(), causes);
    }

    /** What one item adds to the base priority now (0 for weight 0, or when it has not reported). */
    public static int change(Tracked t) {
        if (t.good().isEmpty() || t.weight() == 0) {
            return 0;
        }
        boolean good = t.good().get();
        int multiplier = t.reverse() ? -1 : 1;
        if (t.weight() > 0 && good || t.weight() < 0 && !good) {
            return t.weight() * multiplier;
        }
        return 0;
    }

    /** True when this weight-0 item puts the instance in FAULT now. */
    public static boolean faults(Tracked t) {
        return t.weight() == 0 && t.good().isPresent() && t.good().get() == t.reverse();
    }
}
