package io.tandem.proxy;

import java.util.List;

/** {@code lc}: the candidate with the fewest active connections; ties in turn. */
public final class LeastConnection implements Scheduler {
    private int last = -1;

    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        int min = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            min = Math.min(min, c.active());
        }
        int chosen = -1;
        int first = -1;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.active() == min) {
                if (first < 0) {
                    first = i;
                }
                if (chosen < 0 && c.id() > last) {
                    chosen = i;
                }
            }
        }
        chosen = chosen < 0 ? first : chosen;
        last = candidates.get(chosen).id();
        return chosen;
    }
}
