package io.tandem.track;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the tracked items of an instance into its effective priority, or FAULT. The rules are
 * keepalived 2.2.7's ({@code process_script_update_priority}, {@code vrrp_set_effective_priority}):
 * <ul>
 *   <li>weight 0: the instance is in FAULT while the item is bad (with {@code reverse}: while it
 *       is good); while such an item has not reported yet the instance waits;</li>
 *   <li>weight &gt; 0: added while the item is good; weight &lt; 0: added while it is bad;
 *       {@code reverse} negates the change; an item that has not reported changes nothing;</li>
 *   <li>the result is clamped to [1, 254]: 255 is reserved for the address owner
 *       (RFC 5798 §5.2.4), whose priority tracking never changes.</li>
 * </ul>
 */
public final class EffectivePriority {
    public static final int OWNER = 255;
    public static final int MIN = 1;
    public static final int MAX_NON_OWNER = 254;

    private EffectivePriority() {}

    /**
     * @param priority  the effective priority (meaningless while {@code fault} or {@code waiting})
     * @param fault     some weight-0 item is bad
     * @param waiting   some weight-0 item has not reported yet (the instance stays initialising)
     * @param causes    the names of the items that cause the fault
     */
    public record Result(int priority, boolean fault, boolean waiting, List<String> causes) {
        public Result {
            causes = List.copyOf(causes);
        }
    }

    public static Result of(int basePriority, List<Tracked> items) {
        int total = 0;
        boolean waiting = false;
        List<String> causes = new ArrayList<>();
        for (Tracked t : items) {
            if (t.good().isEmpty()) {
                waiting |= t.weight() == 0;
                continue;
            }
            boolean good = t.good().get();
            int multiplier = t.reverse() ? -1 : 1;
            if (t.weight() == 0) {
                if (good == t.reverse()) {
                    causes.add(t.name());
                }
            } else if (t.weight() > 0 && good) {
                total += t.weight() * multiplier;
            } else if (t.weight() < 0 && !good) {
                total += t.weight() * multiplier;
            }
        }
        int priority = basePriority == OWNER ? OWNER : Math.clamp(basePriority + total, MIN, MAX_NON_OWNER);
        return new Result(priority, !causes.isEmpty(), waiting && causes.isEmpty(), causes);
    }
}
