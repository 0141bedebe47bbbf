package io.tandem.vrrp;

import java.util.Objects;

/** What can happen to an instance. Time arrives separately, as {@code nowNanos}. */
public sealed interface Event {
    /** Start the instance (RFC 5798 §6.4.1 Startup). */
    record Startup() implements Event {}

    /**
     * Start again after a configuration reload, from the state {@code before} the instance had in
     * the configuration it replaces (keepalived {@code restore_vrrp_state}): a master stays master
     * without a flap, a backup stays backup with a fresh Master_Down_Timer. Keeping a state is
     * not a change, so it notifies nothing; a fault that appeared or cleared meanwhile is one.
     */
    record Resume(InstanceState before) implements Event {
        public Resume {
            Objects.requireNonNull(before, "before");
        }
    }

    /** Stop the instance (RFC 5798 Shutdown); a master sends priority 0 and releases its addresses. */
    record Shutdown() implements Event {}

    /**
     * Tandem's planned switchover: a master steps down for another to take over. It leaves as on
     * Shutdown (priority 0 advert, addresses released, so the sole backup takes over at once) but
     * stays BACKUP with a full Master_Down_Timer: if no other master appears, it takes over again.
     * Ignored in any other state.
     */
    record Resign() implements Event {}

    /** An accepted advertisement for this virtual router. */
    record AdvertReceived(PeerAdvert advert) implements Event {
        public AdvertReceived {
            Objects.requireNonNull(advert, "advert");
        }
    }

    /**
     * The caller's clock reached the deadline the machine asked for. Early or repeated calls are
     * harmless: the machine acts only on timers that are due.
     */
    record TimerFired() implements Event {}

    /**
     * Tracking changed the priority: {@code weightSum} is the sum of what trackers contribute now
     * (keepalived's {@code total_priority - base_priority}). The machine clamps with
     * {@link Priority#effective}.
     */
    record PriorityChanged(int weightSum) implements Event {}

    /**
     * An interface went down or a tracker reached fault. Level, not count: the tracking layer
     * sends it when the instance's fault condition becomes true, repeats are ignored.
     */
    record FaultRaised() implements Event {}

    /** The fault condition became false. */
    record FaultCleared() implements Event {}

    /**
     * Sync-group members only: the member's {@link SyncGroup} moves it to {@code target}
     * (BACKUP, MASTER or FAULT) for {@code cause}, keepalived's {@code vrrp_sync_backup},
     * {@code vrrp_sync_master} and {@code vrrp_sync_fault}. A member with a fault of its own
     * stays in FAULT; one that is not running only remembers a FAULT hold for its start-up.
     */
    record SyncedTo(GroupState target, TransitionCause cause) implements Event {
        public SyncedTo {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(cause, "cause");
            if (target != GroupState.BACKUP && target != GroupState.MASTER && target != GroupState.FAULT) {
                throw new IllegalArgumentException("a member is synced to BACKUP, MASTER or FAULT, not " + target);
            }
        }
    }
}
