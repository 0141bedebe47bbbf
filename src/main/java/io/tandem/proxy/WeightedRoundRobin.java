package io.tandem.proxy;

import java.util.List;

/**
 * {@code wrr}: over any run of W picks (W the sum of weights) each candidate is chosen exactly its
 * weight times, spread out rather than in bursts (the "smooth" weighted round robin: every
 * candidate gains its weight, the richest is chosen and pays the total).
 */
public final class WeightedRoundRobin implements Scheduler {
    private final java.util.Map<Integer, Long> current = new java.util.HashMap<>();

    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        long total = 0;
        int best = 0;
        long bestCurrent = Long.MIN_VALUE;
        java.util.Set<Integer> present = new java.util.HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            present.add(c.id());
            long now = current.getOrDefault(c.id(), 0L) + c.weight();
            current.put(c.id(), now);
            total += c.weight();
            if (now > bestCurrent) {
                best = i;
                bestCurrent = now;
            }
        }
        current.keySet().retainAll(present); // a backend that left gets no saved-up credit when it returns
        current.merge(candidates.get(best).id(), -total, Long::sum);
        return best;
    }
}
