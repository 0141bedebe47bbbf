package io.tandem.vrrp;

/** Why an instance changed state; carried by {@link Action.Transition} and {@link Action.Notify}. */
public enum TransitionCause {
    /** Initialize → Backup at start-up (RFC 5798 §6.4.1). */
    STARTUP("start-up"),
    /** Initialize → Master: the address owner, priority 255 (RFC 5798 §6.4.1). */
    STARTUP_ADDRESS_OWNER("start-up as address owner (priority 255)"),
    /** Initialize → Fault: an interface or a tracker is down at start-up (keepalived). */
    STARTUP_IN_FAULT("start-up with a fault"),
    /** Backup → Master: Master_Down_Timer fired, no advert heard (RFC 5798 §6.4.2). */
    MASTER_DOWN("master down timer expired"),
    /** Backup → Master: the master sent priority 0 and Skew_Time passed (RFC 5798 §6.4.2). */
    MASTER_STOPPED("master stopped (priority 0), skew time passed"),
    /** Backup → Master: lower-priority adverts were discarded until Master_Down_Timer fired (preemption). */
    PREEMPT("preempting a lower-priority master"),
    /** Master → Backup: an advert with higher priority (RFC 5798 §6.4.3). */
    HIGHER_PRIORITY("advert with higher priority"),
    /** Master → Backup: an advert with equal priority from a higher primary address (RFC 5798 §6.4.3). */
    EQUAL_PRIORITY_HIGHER_ADDRESS("advert with equal priority from a higher address"),
    /** Master → Backup: another router also claims priority 255; keepalived lowers ours to 254. */
    OWNER_CONFLICT("another address owner (priority 255); local priority lowered to 254"),
    /** Backup or Master → Fault: an interface or a tracker went down (keepalived FAULT). */
    FAULT("fault"),
    /** Fault → Backup (or Master for a start-up-master owner): the fault cleared (keepalived). */
    FAULT_CLEARED("fault cleared"),
    /** Moved by its vrrp_sync_group because another member moved (keepalived {@code vrrp_sync_*}). */
    SYNC_GROUP("synced with its vrrp_sync_group"),
    /** Initialize → the state from before a configuration reload (keepalived {@code restore_vrrp_state}); notifies nothing. */
    RELOAD("configuration reloaded, state kept"),
    /** Any → Initialize: shutdown (RFC 5798 §6.4.2, §6.4.3). */
    SHUTDOWN("shutdown"),
    /** Tandem: {@link Event.Resign}, a planned switchover. */
    RESIGNED("stepped down for a planned switchover");

    private final String text;

    TransitionCause(String text) {
        this.text = text;
    }

    /** A short phrase for logs and notifications. */
    public String text() {
        return text;
    }
}
