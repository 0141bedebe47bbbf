package io.tandem.vrrp.sim;

import io.tandem.vrrp.GroupMembership;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.SyncGroup;
import io.tandem.vrrp.VrrpInstanceMachine;
import java.util.List;
import java.util.stream.IntStream;

/** One simulated host running a daemon with one sync group: a member per VRID and the coordinator. */
final class GroupHost {
    final int id;
    /** Member {@code k} is VRID {@code k}; all members share priority, preempt settings and the last octet. */
    final List<InstanceSettings> settings;
    final List<String> names;
    /** Null while crashed or before the first start. */
    VrrpInstanceMachine[] machines;
    SyncGroup group;
    boolean crashed = true;
    boolean stopped;
    final boolean[] vips;
    final long[] timerGeneration;
    final long[] lastAdvertAt;
    /** Each member's own fault (tracker truth); and the weight all members' trackers add. */
    final boolean[] faulted;
    int weightSum;
    int fedWeightSum;
    long transitions;

    GroupHost(int id, List<InstanceSettings> settings) {
        this.id = id;
        this.settings = List.copyOf(settings);
        this.names = IntStream.range(0, settings.size()).mapToObj(k -> "VI_" + (char) ('A' + k)).toList();
        int m = settings.size();
        vips = new boolean[m];
        timerGeneration = new long[m];
        lastAdvertAt = new long[m];
        faulted = new boolean[m];
    }

    int members() {
        return settings.size();
    }

    /** A new daemon: fresh machines and coordinator. */
    void boot() {
        GroupMembership membership = GroupMembership.of(settings);
        machines = settings.stream().map(s -> new VrrpInstanceMachine(s, membership)).toArray(VrrpInstanceMachine[]::new);
        group = new SyncGroup("G" + id, names, membership);
        crashed = false;
        java.util.Arrays.fill(vips, false);
    }

    /** Running: started, not crashed, not stopped. */
    boolean live() {
        return machines != null && !crashed && !stopped;
    }

    boolean anyFaulted() {
        for (boolean f : faulted) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    InstanceState state(int vrid) {
        return machines == null ? new InstanceState.Initialize() : machines[vrid].state();
    }

    int member(String name) {
        int k = names.indexOf(name);
        if (k < 0) {
            throw new SimulationFailure(name() + " group names unknown member " + name);
        }
        return k;
    }

    String name() {
        InstanceSettings s = settings.getFirst();
        return "h" + id + "(p" + s.priority() + (s.preempt() ? "" : " nopreempt")
                + (s.preemptDelay().isZero() ? "" : " delay" + s.preemptDelay().toMillis() + "ms") + ")";
    }

    String name(int vrid) {
        return name() + "/" + names.get(vrid);
    }
}
