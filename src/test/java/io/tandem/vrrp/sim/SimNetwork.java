package io.tandem.vrrp.sim;

import java.util.Arrays;

/** Who can reach whom and how well. Decided when a packet is sent. */
final class SimNetwork {
    private final int size;
    private int[] groupOf;
    private final boolean[][] blocked;
    double loss;
    double duplicate;
    long minDelayNanos;
    long maxDelayNanos;

    SimNetwork(int size, long minDelayNanos, long maxDelayNanos) {
        this.size = size;
        this.groupOf = new int[size];
        this.blocked = new boolean[size][size];
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    boolean reaches(int from, int to) {
        return groupOf[from] == groupOf[to] && !blocked[from][to];
    }

    void partition(int[] groups) {
        groupOf = groups.clone();
    }

    void heal() {
        groupOf = new int[size];
        liftOneWayBlocks();
    }

    void block(int from, int to) {
        blocked[from][to] = true;
    }

    void liftOneWayBlocks() {
        for (boolean[] row : blocked) {
            Arrays.fill(row, false);
        }
    }

    /** The symmetric group of a node; meaningful as "connected group" only without one-way blocks. */
    int groupOf(int node) {
        return groupOf[node];
    }
}
