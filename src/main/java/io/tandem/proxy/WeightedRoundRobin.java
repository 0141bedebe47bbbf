package io.tandem.proxy;

import java.util.List;

/**
 * {@code wrr}: over any run of W picks (W the sum of weights) each candidate is chosen exactly its
 * weight times, spread out rather than in bursts (the "smooth" weighted round robin: every
 * candidate gains its weight, the richest is chosen and pays the total).
 */
public final class WeightedRoundRobin implements Scheduler {
    private final long[] current;

    public WeightedRoundRobin(int poolSize) {
        current = new long[poolSize];
    }

    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        long total = 0;
        int best = 0;
        boolean[] present = new boolean[current.length];
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            present[c.id()] = true;
            current[c.id()] += c.weight();
            total += c.weight();
            if (current[c.id()] > current[candidates.get(best).id()]) {
                best = i;
            }
        }
        for (int id = 0; id < current.length; id++) {
            if (!present[id]) {
                current[id] = 0; // a backend that left gets no saved-up credit when it returns
            }
        }
        current[candidates.get(best).id()] -= total;
        return best;
    }
}
