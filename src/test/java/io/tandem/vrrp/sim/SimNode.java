package io.tandem.vrrp.sim;

import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.VrrpInstanceMachine;
import java.util.ArrayDeque;

/** One simulated host: a real machine plus what the host and its trackers look like from outside. */
final class SimNode {
    final int id;
    final InstanceSettings settings;
    /** Null while crashed or before the first start. */
    VrrpInstanceMachine machine;
    boolean crashed = true;
    boolean stopped;
    boolean paused;
    /** Events that arrived while paused, handled in order on resume. */
    final ArrayDeque<SimEvent> inbox = new ArrayDeque<>();
    long timerGeneration;
    /** Does the host hold the virtual addresses (what AddVips/RemoveVips did)? */
    boolean vips;
    /** Tracker truth, and what the machine has been told. */
    int weightSum;
    boolean faulted;
    int fedWeightSum;
    /** For the advert-timeliness invariant. */
    long lastAdvertAt;
    boolean pausedSinceAdvert;
    long garpsSent;
    long transitions;

    SimNode(int id, InstanceSettings settings) {
        this.id = id;
        this.settings = settings;
    }

    /** Running: started, not crashed, not stopped. */
    boolean live() {
        return machine != null && !crashed && !stopped;
    }

    InstanceState state() {
        return machine == null ? new InstanceState.Initialize() : machine.state();
    }

    String name() {
        return "n" + id + "(" + settings.primaryAddress().getHostAddress() + " p" + settings.priority()
                + (settings.preempt() ? "" : " nopreempt")
                + (settings.preemptDelay().isZero() ? "" : " delay" + settings.preemptDelay().toMillis() + "ms")
                + ")";
    }
}
