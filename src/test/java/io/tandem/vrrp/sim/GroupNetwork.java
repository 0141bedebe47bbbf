package io.tandem.vrrp.sim;

import java.util.Arrays;

/**
 * Who reaches whom in the sync-group simulation: a partition of the hosts (all links), and per
 * VRID (one interface each) its own partition and one-way blocks. Decided when a packet is sent.
 */
final class GroupNetwork {
    private final int size;
    private int[] hostGroup;
    private final int[][] vridGroup;
    private final boolean[][][] blocked;
    double loss;
    double duplicate;
    long minDelayNanos;
    long maxDelayNanos;

    GroupNetwork(int size, int vrids, long minDelayNanos, long maxDelayNanos) {
        this.size = size;
        this.hostGroup = new int[size];
        this.vridGroup = new int[vrids][size];
        this.blocked = new boolean[vrids][size][size];
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    boolean reaches(int vrid, int from, int to) {
        return hostGroup[from] == hostGroup[to] && vridGroup[vrid][from] == vridGroup[vrid][to] && !blocked[vrid][from][to];
    }

    void partitionHosts(int[] groups) {
        hostGroup = groups.clone();
    }

    void partitionVrid(int vrid, int[] groups) {
        vridGroup[vrid] = groups.clone();
    }

    void block(int vrid, int from, int to) {
        blocked[vrid][from][to] = true;
    }

    /** Lifts every per-VRID partition and block; keeps or heals the host partition. */
    void calm(boolean keepHostPartition) {
        if (!keepHostPartition) {
            hostGroup = new int[size];
        }
        for (int[] g : vridGroup) {
            Arrays.fill(g, 0);
        }
        for (boolean[][] v : blocked) {
            for (boolean[] row : v) {
                Arrays.fill(row, false);
            }
        }
    }

    /** The symmetric host group; after {@link #calm} it is the connected group on every VRID. */
    int hostGroupOf(int node) {
        return hostGroup[node];
    }
}
