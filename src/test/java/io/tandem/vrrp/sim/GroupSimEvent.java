package io.tandem.vrrp.sim;

import io.tandem.vrrp.PeerAdvert;
import java.util.Arrays;

/** What can happen in the sync-group simulation. Hosts index the nodes, VRIDs the members. */
sealed interface GroupSimEvent {
    /** An advert of member {@code vrid} of host {@code from} arrives at host {@code to}. */
    record Deliver(int vrid, int to, int from, PeerAdvert advert) implements GroupSimEvent {}

    /** A member's machine deadline; stale when {@code generation} moved on. */
    record Timer(int host, int vrid, long generation) implements GroupSimEvent {}

    /** Start a host's members together: first start, restart after a crash (new daemon) or after a stop. */
    record Start(int host) implements GroupSimEvent {}

    /** The host dies with its daemon: machines, group and addresses gone. */
    record Crash(int host) implements GroupSimEvent {}

    /** The daemon stops: every member shuts down (a master sends priority 0). */
    record Stop(int host) implements GroupSimEvent {}

    /** Member {@code vrid}'s own fault condition (its interface, a tracker) rises or clears. */
    record SetFault(int host, int vrid, boolean raised) implements GroupSimEvent {}

    /** Trackers shared by all members now contribute {@code weightSum} to their priority. */
    record SetWeight(int host, int weightSum) implements GroupSimEvent {}

    /** Symmetric partition of the hosts, all VRIDs ({@code vrid} -1) or one VRID's interfaces. */
    record SetPartition(int vrid, int[] groupOf) implements GroupSimEvent {
        @Override
        public String toString() {
            return "SetPartition(vrid " + vrid + ")" + Arrays.toString(groupOf);
        }
    }

    /** One-way: adverts of VRID {@code vrid} from {@code from} no longer reach {@code to}. */
    record BlockOneWay(int vrid, int from, int to) implements GroupSimEvent {}

    /** Link quality for packets sent from now on. */
    record SetConditions(double loss, double duplicate, long minDelayNanos, long maxDelayNanos) implements GroupSimEvent {}

    /** Nothing happens; the invariants run. */
    record Check() implements GroupSimEvent {}

    /** Crash ({@code crash}) or stop the master host of the largest group; a backup host must take over in time. */
    record Probe(boolean crash) implements GroupSimEvent {}

    /** The probe's deadline. */
    record ProbeDeadline() implements GroupSimEvent {}

    /** Start of a chaos phase. */
    record ChaosBegins() implements GroupSimEvent {}

    /** End of a chaos phase: clean links, per-VRID partitions and blocks lifted, the host partition kept or healed. */
    record Calm(boolean keepPartition) implements GroupSimEvent {}
}
