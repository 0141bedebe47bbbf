package io.tandem.vrrp;

import java.util.Collection;

/**
 * Whether an instance is a member of a {@code vrrp_sync_group}, and how its group starts. A
 * member never goes MASTER or leaves FAULT on its own: it says what it wants and its
 * {@link SyncGroup} moves it with {@link Event.SyncedTo}.
 *
 * <p>Start-up, keepalived 2.2.7 ({@code vrrp_sync_set_group}, {@code vrrp_complete_init} and
 * {@code vrrp_init_state}; both cases measured live against keepalived 2.2.7 with a group of two
 * instances and no peer): in a group with any member that is not an address owner wanting MASTER,
 * every member's start-up wish is reset to BACKUP, so even {@code state MASTER} or priority 255
 * waits the full Master_Down_Interval (3.67 s live at priority 100, 1 s adverts). In a group of
 * address owners only, each member's first Master_Down_Timer is one Master_Adver_Interval plus
 * the smallest skew ({@code VRRP_TIMER_SKEW_MIN}): 1.04 s live, then the group goes MASTER.
 *
 * <p>Not followed: when every member of such a group writes {@code state MASTER} and
 * {@code priority 255} explicitly, keepalived's {@code vrrp_sync_set_group} (which runs before
 * priorities and states are derived) already makes the group MASTER: the members went MASTER
 * 33 ms after start live, and the group sent no notification until STOP. The configuration
 * records do not say whether {@code state} was written, so such a group starts here like one
 * whose owners derive MASTER from their priority: about one advert interval later, with the
 * group's BACKUP and MASTER notifications.
 */
public enum GroupMembership {
    /** Not in a sync group: the machine decides alone. */
    NONE,
    /** In a sync group; starts as BACKUP with the full Master_Down_Interval. */
    MEMBER,
    /**
     * In a sync group whose members are all address owners (priority 255) that want MASTER; the
     * first Master_Down_Timer is Master_Adver_Interval + Skew_Time(255).
     */
    MEMBER_OF_OWNER_GROUP;

    /** The membership of each instance of one sync group, from its members' settings. */
    public static GroupMembership of(Collection<InstanceSettings> members) {
        boolean owners = !members.isEmpty() && members.stream()
                .allMatch(s -> s.priority() == Priority.OWNER && s.wantsMaster());
        return owners ? MEMBER_OF_OWNER_GROUP : MEMBER;
    }
}
