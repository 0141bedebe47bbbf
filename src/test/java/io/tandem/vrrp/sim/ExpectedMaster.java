package io.tandem.vrrp.sim;

import java.net.Inet4Address;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which node may be the one stable MASTER of a connected group, the expected-master rule of S2
 * written once.
 *
 * <p>A group is stable with master M exactly when no other eligible node would take over from M:
 * <ul>
 *   <li>a backup takes over only by discarding M's adverts, and RFC 5798 §6.4.2 discards only
 *       when it has Preempt_Mode and M's priority is strictly lower than its own. A backup of equal
 *       priority accepts M (priority ≥ local), whatever the addresses (seen live: a keepalived
 *       2.2.7 node with the higher address, back from FAULT, stayed BACKUP under an
 *       equal-priority master with the lower address);</li>
 *   <li>a preempt delay only postpones that (the settle time covers it), {@code nopreempt}
 *       forbids it; keepalived forces preempt on for an owner and for {@code state MASTER};</li>
 *   <li>the tie on priority broken by the higher address (RFC 5798 §6.4.3) applies when two
 *       masters hear each other; it removes the second master, it does not pick a backup.</li>
 * </ul>
 * So: M is acceptable iff no other eligible node has preempt and a higher effective priority.
 * With preempt everywhere that is "a node of the highest effective priority"; with ties or
 * nopreempt several nodes are acceptable and history picks one.
 */
final class ExpectedMaster {
    private ExpectedMaster() {}

    /** An eligible node: running, not in fault. */
    record Candidate(int id, int effectivePriority, Inet4Address address, boolean preempt) {}

    /** The ids of the nodes that may be the stable master of a connected group of eligible nodes. */
    static Set<Integer> acceptable(List<Candidate> eligible) {
        Set<Integer> ok = new LinkedHashSet<>();
        for (Candidate m : eligible) {
            boolean preemptedBySomeone = eligible.stream()
                    .anyMatch(b -> b.id() != m.id() && b.preempt() && b.effectivePriority() > m.effectivePriority());
            if (!preemptedBySomeone) {
                ok.add(m.id());
            }
        }
        return ok;
    }
}
