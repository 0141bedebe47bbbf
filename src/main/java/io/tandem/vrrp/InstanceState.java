package io.tandem.vrrp;

import java.util.OptionalLong;

/**
 * The state of one instance, with the timers that belong to it (RFC 5798 §6.2, §6.4). Deadlines
 * are monotonic nanoseconds on the caller's clock.
 */
public sealed interface InstanceState {
    /** keepalived's name of the state: INIT, BACKUP, MASTER or FAULT. */
    String label();

    /** Not running: before start-up or after shutdown (RFC 5798 §6.4.1). */
    record Initialize() implements InstanceState {
        @Override
        public String label() {
            return "INIT";
        }
    }

    /**
     * Listening to a master (RFC 5798 §6.4.2).
     *
     * @param masterDownDeadline       when Master_Down_Timer fires
     * @param masterAdverIntervalNanos Master_Adver_Interval: the master's interval in v3, ours in v2
     * @param preemptAllowedAt         keepalived's {@code preempt_time}: set when a preempt delay
     *                                 started, empty when none runs
     * @param takeoverCause            what the next Master_Down_Timer expiry will mean
     */
    record Backup(long masterDownDeadline, long masterAdverIntervalNanos, OptionalLong preemptAllowedAt,
                  TransitionCause takeoverCause) implements InstanceState {
        @Override
        public String label() {
            return "BACKUP";
        }
    }

    /**
     * Owning the virtual addresses and advertising (RFC 5798 §6.4.3).
     *
     * @param adverDeadline       when Adver_Timer fires
     * @param garpDelayDeadline   when the delayed second GARP burst is due, if pending
     * @param garpRefreshDeadline when the next refresh GARP burst is due, if refreshing
     */
    record Master(long adverDeadline, OptionalLong garpDelayDeadline, OptionalLong garpRefreshDeadline)
            implements InstanceState {
        @Override
        public String label() {
            return "MASTER";
        }
    }

    /** keepalived's FAULT: an interface down or a tracker in fault. No adverts, no addresses, no timers. */
    record Fault() implements InstanceState {
        @Override
        public String label() {
            return "FAULT";
        }
    }
}
