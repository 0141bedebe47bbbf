package io.tandem.proxy;

import java.util.List;

/**
 * {@code sh}: the same client address goes to the same backend while the pool is stable. Weighted
 * rendezvous hashing: every candidate gets a score from (client, backend) and the highest wins, so
 * a backend leaving moves only its own clients, and each backend gets about its weight's share.
 */
public final class SourceHash implements Scheduler {
    @Override
    public int pick(List<Candidate> candidates, long clientKey) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            double score = score(clientKey, c.key(), c.weight());
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** weight / -ln(u), u uniform in (0, 1) from the hash: the highest score is chosen with probability w / sum(w). */
    static double score(long clientKey, long backendKey, int weight) {
        long h = mix(clientKey * 0x9E3779B97F4A7C15L ^ backendKey);
        double u = ((h >>> 11) + 0.5) / (1L << 53);
        return weight / -Math.log(u);
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
