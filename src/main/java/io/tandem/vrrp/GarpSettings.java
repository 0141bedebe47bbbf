package io.tandem.vrrp;

import java.time.Duration;
import java.util.Objects;

/**
 * Gratuitous ARP on becoming master, keepalived's {@code garp_master_*} keywords.
 *
 * @param masterRepeat        GARPs per address in each burst ({@code garp_master_repeat}, default 5)
 * @param masterDelay         delay of the second burst after becoming master ({@code garp_master_delay},
 *                            default 5 s; zero: no second burst)
 * @param masterRefresh       interval of refresh bursts while master ({@code garp_master_refresh},
 *                            default zero: none); checked when an advert is sent, as keepalived does
 * @param masterRefreshRepeat GARPs per address in a refresh burst ({@code garp_master_refresh_repeat}, default 1)
 */
public record GarpSettings(int masterRepeat, Duration masterDelay, Duration masterRefresh, int masterRefreshRepeat) {
    /** keepalived 2.2.7's defaults ({@code VRRP_GARP_REP}, {@code VRRP_GARP_DELAY}, ... in vrrp.h). */
    public static final GarpSettings KEEPALIVED_DEFAULTS = new GarpSettings(5, Duration.ofSeconds(5), Duration.ZERO, 1);

    public GarpSettings {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        if (masterRepeat < 0 || masterRefreshRepeat < 0 || masterDelay.isNegative() || masterRefresh.isNegative()) {
            throw new IllegalArgumentException("negative GARP setting");
        }
    }
}
