package io.tandem.vrrp;

/**
 * Priority values with a meaning (RFC 5798 §5.2.4, RFC 3768 §5.3.4) and keepalived's effective
 * priority rule.
 */
public final class Priority {
    /** Sent by a master that stops; a backup then waits only Skew_Time (RFC 5798 §6.4.2). */
    public static final int STOP = 0;
    /** The lowest priority a router may run with. */
    public static final int MIN = 1;
    /** keepalived's default ({@code VRRP_PRIO_DFL}). */
    public static final int DEFAULT = 100;
    /** The highest priority of a router that does not own the virtual addresses. */
    public static final int MAX_BACKUP = 254;
    /** The IP address owner; it becomes master at start-up at once (RFC 5798 §6.4.1). */
    public static final int OWNER = 255;

    private Priority() {}

    /**
     * keepalived's {@code vrrp_set_effective_priority} (vrrp_track.c): the base priority plus the
     * weights the trackers contribute, clamped to [1, 254]. An address owner (base 255) never
     * changes priority: tracking cannot move it.
     *
     * @param basePriority the configured priority, 1..255
     * @param weightSum    the sum of what trackers contribute now (keepalived's
     *                     {@code total_priority - base_priority}); any sign
     */
    public static int effective(int basePriority, int weightSum) {
        if (basePriority < MIN || basePriority > OWNER) {
            throw new IllegalArgumentException("base priority " + basePriority + " outside [1, 255]");
        }
        if (basePriority == OWNER) {
            return OWNER;
        }
        long total = (long) basePriority + weightSum;
        return (int) Math.max(MIN, Math.min(MAX_BACKUP, total));
    }
}
