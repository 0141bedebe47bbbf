package io.tandem.proxy;

import java.util.List;

/**
 * {@code wlc} (keepalived's default): the candidate with the fewest active connections per unit of
 * weight; among equals the heavier one, then in turn. Compared by cross-multiplying, no division.
 */
public final class WeightedLeastConnection implements Scheduler {
    private int last = -1;

    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (best < 0 || better(c, candidates.get(best), last)) {
                best = i;
            }
        }
        last = candidates.get(best).id();
        return best;
    }

    private static boolean better(Candidate a, Candidate b, int last) {
        long la = (long) a.active() * b.weight();
        long lb = (long) b.active() * a.weight();
        if (la != lb) {
            return la < lb;
        }
        if (a.weight() != b.weight()) {
            return a.weight() > b.weight();
        }
        // equal load and weight: prefer the first one after the last chosen (b comes before a in the list)
        return b.id() <= last && a.id() > last;
    }
}
