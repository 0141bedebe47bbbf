package io.tandem.bench;

import io.tandem.vrrp.ProtocolVersion;
import io.tandem.vrrp.VrrpTimers;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The VRRP settings both daemons get, identical for Tandem and keepalived: two hosts at priority
 * 150 (db1) and 100 (db2), VRID 51, one VIP on eth0, both starting in BACKUP (preemption on, the
 * default), keepalived's GARP defaults.
 *
 * @param version  2 or 3
 * @param advert   {@code advert_int} as written in the configuration, e.g. {@code 1} or {@code 0.1}
 * @param password {@code auth_type PASS} with this {@code auth_pass} (VRRPv2 only), or null for none
 */
record Settings(int version, BigDecimal advert, String password) {
    static final int MASTER_PRIORITY = 150;
    static final int BACKUP_PRIORITY = 100;
    static final int VRID = 51;

    Settings {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3: " + version);
        }
        if (advert.signum() <= 0 || advert.compareTo(BigDecimal.valueOf(40)) > 0) {
            throw new IllegalArgumentException("advert_int out of range: " + advert);
        }
        if (version == 2 && advert.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("VRRPv2 adverts are whole seconds; " + advert + " would be rounded");
        }
        if (version == 3 && advert.movePointRight(2).stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("VRRPv3 adverts are whole centiseconds: " + advert);
        }
        if (password != null && (version != 2 || password.isEmpty() || password.length() > 8)) {
            throw new IllegalArgumentException("auth_pass is VRRPv2 only, 1 to 8 characters: " + password);
        }
    }

    Settings(int version, BigDecimal advert) {
        this(version, advert, null);
    }

    /** The same settings with {@code auth_type PASS} and {@code auth_pass password}. */
    Settings withPassword(String password) {
        return new Settings(version, advert, password);
    }

    Duration advertInterval() {
        return Duration.ofNanos(advert.movePointRight(9).longValueExact());
    }

    String label() {
        return advert.stripTrailingZeros().toPlainString() + " s";
    }

    ProtocolVersion protocol() {
        return version == 2 ? ProtocolVersion.V2 : ProtocolVersion.V3;
    }

    Duration skew(int priority) {
        return VrrpTimers.skewTime(protocol(), priority, advertInterval());
    }

    Duration masterDown(int priority) {
        return VrrpTimers.masterDownInterval(protocol(), priority, advertInterval());
    }

    /** The target for a crash: 3 x advert + skew of the backup + 20 ms. */
    Duration crashTarget() {
        return masterDown(BACKUP_PRIORITY).plusMillis(20);
    }

    /** The target for a graceful stop: skew of the backup + 20 ms. */
    Duration stopTarget() {
        return skew(BACKUP_PRIORITY).plusMillis(20);
    }

    /** The configuration of one host, in keepalived's syntax; the same text for both daemons. */
    String conf(String routerId, int priority, String vip) {
        return """
                global_defs {
                    router_id %s
                    vrrp_version %d
                }
                vrrp_instance VI_W {
                    state BACKUP
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int %s
                %s    virtual_ipaddress {
                        %s/24 dev eth0 label eth0:vip
                    }
                }
                """.formatted(routerId, version, VRID, priority, advert.stripTrailingZeros().toPlainString(),
                password == null ? "" : "    authentication {\n        auth_type PASS\n        auth_pass " + password + "\n    }\n",
                vip);
    }
}
