package io.tandem.vrrp;

/**
 * The state of a {@code vrrp_sync_group} as keepalived 2.2.7 keeps it ({@code vrrp_sgroup_t.state}):
 * the state its members were last synced to. Group notify scripts run when it changes.
 */
public enum GroupState {
    /** No member has started yet. */
    INIT,
    /** The members are BACKUP. */
    BACKUP,
    /** The members are MASTER. */
    MASTER,
    /** A member has a fault; every member is held in FAULT. */
    FAULT,
    /** The members were shut down (keepalived's notify at exit). */
    STOP;

    /** keepalived's name of the state, as passed to a group's {@code notify} script. */
    public String label() {
        return name();
    }
}
