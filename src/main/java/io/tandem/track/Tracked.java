package io.tandem.track;

import java.util.Optional;

/**
 * One thing an instance tracks (a {@code vrrp_script}, an interface, later a MySQL check) as the
 * priority rules see it: its weight and direction, and whether it is currently good.
 *
 * @param name    for reasons in logs ("script chk_mysql", "interface eth1")
 * @param weight  0 means FAULT when bad; otherwise a priority change (keepalived's -253..253)
 * @param reverse keepalived's {@code reverse}: the good and bad directions swap
 * @param good    empty while the check has not reported yet
 */
public record Tracked(String name, int weight, boolean reverse, Optional<Boolean> good) {
    public static Tracked unknown(String name, int weight, boolean reverse) {
        return new Tracked(name, weight, reverse, Optional.empty());
    }

    public static Tracked of(String name, int weight, boolean reverse, boolean good) {
        return new Tracked(name, weight, reverse, Optional.of(good));
    }
}
