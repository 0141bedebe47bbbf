package io.tandem.proxy;

import java.util.List;

/** {@code rr}: each candidate in turn, weights ignored (beyond weight 0 meaning none). */
public final class RoundRobin implements Scheduler {
    private int last = -1;

    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        int i = nextAfter(candidates, last);
        last = candidates.get(i).id();
        return i;
    }

    /** The index of the first candidate whose id follows {@code lastId}, cyclically: stable when the set changes. */
    static int nextAfter(List<Candidate> candidates, int lastId) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).id() > lastId) {
                return i;
            }
        }
        return 0;
    }
}
