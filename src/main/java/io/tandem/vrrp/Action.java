package io.tandem.vrrp;

import java.util.Objects;

/**
 * What the machine asks the daemon to do, in order. The pure core cannot log or send: the daemon
 * logs {@link Transition}, runs scripts and mail on {@link Notify} and performs the rest.
 */
public sealed interface Action {
    /** Send one advertisement with this priority (0 when stopping) and the configured interval. */
    record SendAdvert(int priority) implements Action {}

    /** Add the virtual addresses. Only on entering MASTER. */
    record AddVips() implements Action {}

    /** Remove the virtual addresses. Only on leaving MASTER. */
    record RemoveVips() implements Action {}

    /** Send {@code repeat} gratuitous ARPs for each virtual address, spaced as the daemon's garp interval says. */
    record SendGratuitousArp(int repeat) implements Action {}

    /** Drop any gratuitous ARPs still queued for sending (keepalived {@code vrrp_remove_delayed_arp}). */
    record CancelGratuitousArp() implements Action {}

    /** The effective priority changed (keepalived logs "Changing effective priority from X to Y"). */
    record EffectivePriorityChanged(int from, int to) implements Action {}

    /**
     * Sync-group members only, keepalived's {@code wantstate} MASTER: Master_Down_Timer fired and
     * the member would take over for {@code cause}, but stays BACKUP with a fresh
     * Master_Down_Timer until its group moves it ({@code vrrp_sync_can_goto_master}).
     */
    record WantsMaster(TransitionCause cause) implements Action {
        public WantsMaster {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Sync-group members only: a member that wanted MASTER accepted a master's advert and wants BACKUP again. */
    record WantsBackup() implements Action {}

    /**
     * Sync-group members only: the member's own fault condition (interface, tracker) rose or
     * cleared. A member leaves FAULT only when its group says so.
     */
    record OwnFaultChanged(boolean faulty) implements Action {}

    /**
     * A state change, emitted first, before its side effects. The daemon logs it as
     * {@code (instance) from -> to (cause)}.
     */
    record Transition(InstanceState from, InstanceState to, TransitionCause cause) implements Action {
        public Transition {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return from.label() + " -> " + to.label() + " (" + cause.text() + ")";
        }
    }

    /**
     * The same state change, emitted last, after its side effects: the moment for notify scripts,
     * SMTP alerts and the FIFO.
     */
    record Notify(InstanceState from, InstanceState to, TransitionCause cause) implements Action {
        public Notify {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "notify " + to.label() + " (from " + from.label() + ", " + cause.text() + ")";
        }
    }
}
