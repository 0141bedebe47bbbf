package io.tandem.vrrp;

/**
 * keepalived's {@code state} keyword: only a start-up hint. What keepalived 2.2.7 does with it
 * (vrrp_scheduler.c {@code vrrp_init_state}, vrrp.c {@code vrrp_complete_instance}; checked live
 * against keepalived 2.2.7 in a network namespace):
 * <ul>
 *   <li>an address owner (priority 255) that wants MASTER becomes master at once;</li>
 *   <li>any other instance starts as BACKUP with the full Master_Down_Interval, whatever the
 *       keyword: {@code state MASTER} at priority 100 entered MASTER 3.63 s after start with no
 *       peer, exactly like {@code state BACKUP}. The shorter timer in {@code vrrp_init_state}
 *       ({@code master_adver_int + VRRP_TIMER_SKEW_MIN}) needs a sync group whose state is
 *       BACKUP and a member that still wants MASTER; at a fresh start only a group made of
 *       address owners is left so (vrrp.c {@code vrrp_complete_init} resets every member's wish
 *       to BACKUP otherwise): see {@link GroupMembership}, which the machine follows;</li>
 *   <li>{@code state MASTER} does force preempt on and clears {@code preempt_delay} (see
 *       {@link InstanceSettings}); an owner with {@code state BACKUP} waits the full
 *       Master_Down_Interval (3.03 s live at 1 s).</li>
 * </ul>
 */
public enum InitialState {
    /** {@code state MASTER}. */
    MASTER,
    /** {@code state BACKUP}: even an owner (priority 255) then waits the full Master_Down_Interval. */
    BACKUP,
    /** No {@code state} keyword: keepalived derives MASTER for an owner (255), BACKUP otherwise. */
    FROM_PRIORITY
}
