package io.tandem.proxy;

import java.util.List;

/**
 * keepalived's {@code lb_algo}/{@code lvs_sched}: picks one of the candidates for a new
 * connection. Not thread-safe (round-robin keeps a cursor): the pool calls it under its lock.
 * Candidates always have weight &gt; 0 and the list is never empty.
 */
public sealed interface Scheduler
        permits RoundRobin, WeightedRoundRobin, LeastConnection, WeightedLeastConnection, SourceHash {

    /** @return the chosen candidate's index in {@code candidates} */
    int pick(List<Candidate> candidates, long clientKey);

    /** Algorithms Tandem serves; IPVS-only ones (lblc, dh, mh, ...) are served as {@code wlc}. */
    static boolean supported(String lbAlgo) {
        return switch (lbAlgo) {
            case "rr", "wrr", "lc", "wlc", "sh" -> true;
            default -> false;
        };
    }

    /** A fresh scheduler for {@code lb_algo}; unsupported names get {@code wlc}, keepalived's default. */
    static Scheduler of(String lbAlgo) {
        return switch (lbAlgo) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin();
            case "lc" -> new LeastConnection();
            case "sh" -> new SourceHash();
            default -> new WeightedLeastConnection();
        };
    }
}
