package io.tandem.vrrp.sim;

import io.tandem.vrrp.PeerAdvert;
import java.util.Arrays;

/** What the simulated world can do at an instant. Node ids index {@link Cluster#nodes()}. */
sealed interface SimEvent {
    /** An advert arrives at {@code to}. */
    record Deliver(int to, int from, PeerAdvert advert) implements SimEvent {}

    /** A node's machine deadline; stale when {@code generation} is not the node's current one. */
    record Timer(int node, long generation) implements SimEvent {}

    /** Start a node: its first start, or a restart after a crash (new machine) or a stop. */
    record Start(int node) implements SimEvent {}

    /** The host dies: the machine is gone, the addresses with it, packets to it are lost. */
    record Crash(int node) implements SimEvent {}

    /** A graceful stop (Shutdown): a master sends priority 0. */
    record Stop(int node) implements SimEvent {}

    /** Tandem's planned switchover: a master steps down (priority 0) and stays BACKUP. */
    record Resign(int node) implements SimEvent {}

    /** The node's control loop stalls (GC, starved CPU): it processes nothing until resumed. */
    record Pause(int node) implements SimEvent {}

    /** The stalled loop runs again and catches up: queued events first, then due timers. */
    record Resume(int node) implements SimEvent {}

    /** Trackers now contribute {@code weightSum} to the node's priority. */
    record SetWeight(int node, int weightSum) implements SimEvent {}

    /** The node's fault condition (interface down, tracker in fault) rises or clears. */
    record SetFault(int node, boolean raised) implements SimEvent {}

    /** Symmetric partition: nodes talk only within the same group. */
    record SetPartition(int[] groupOf) implements SimEvent {
        @Override
        public String toString() {
            return "SetPartition" + Arrays.toString(groupOf);
        }
    }

    /** One-way partition: packets from {@code from} no longer reach {@code to}. */
    record BlockOneWay(int from, int to) implements SimEvent {}

    /** Link quality for packets sent from now on. */
    record SetConditions(double loss, double duplicate, long minDelayNanos, long maxDelayNanos) implements SimEvent {}

    /** Nothing happens; the invariants run (so a quiet phase with no traffic is still checked). */
    record Check() implements SimEvent {}

    /**
     * End of a settled quiet phase: crash ({@code crash}) or stop the master of the largest group
     * that has a backup, and expect a backup to take over in time: within the best backup's
     * Master_Down_Interval after a crash, within its Skew_Time after a stop (priority 0).
     */
    record Probe(boolean crash) implements SimEvent {}

    /** The probe's deadline: by now a backup of the probed group must be MASTER. */
    record ProbeDeadline() implements SimEvent {}

    /** Start of a chaos phase: invariants that need a quiet network are off. */
    record ChaosBegins() implements SimEvent {}

    /**
     * End of a chaos phase: clean links, one-way blocks lifted, paused nodes resumed, the symmetric
     * partition kept or healed. Quiet-phase invariants apply once the settle time has passed.
     */
    record Calm(boolean keepPartition) implements SimEvent {}
}
