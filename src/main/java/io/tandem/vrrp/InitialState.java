package io.tandem.vrrp;

/**
 * keepalived's {@code state} keyword: only a start-up hint (vrrp_scheduler.c
 * {@code vrrp_init_state}, keepalived 2.2.7):
 * <ul>
 *   <li>an address owner (priority 255) that wants MASTER becomes master at once;</li>
 *   <li>any other router that wants MASTER starts as BACKUP with a short Master_Down_Timer of
 *       one advertisement interval plus the smallest skew ({@code master_adver_int +
 *       VRRP_TIMER_SKEW_MIN}): it takes over after one interval unless it hears a master of
 *       higher or equal priority. It does <em>not</em> become master immediately;</li>
 *   <li>everything else starts as BACKUP with the full Master_Down_Interval.</li>
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
