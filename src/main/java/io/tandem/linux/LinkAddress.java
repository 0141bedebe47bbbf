package io.tandem.linux;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * One IPv4 address assigned to an interface, as {@code RTM_GETADDR} reports it.
 *
 * @param ifindex      the interface's index
 * @param address      the local address ({@code IFA_LOCAL})
 * @param prefixLength 0..32
 * @param label        {@code IFA_LABEL}: the interface name unless a label was given, e.g. {@code eth0:vip}
 * @param scope        {@code ifa_scope}: 0 global, 253 link, 254 host
 * @param flags        {@code IFA_FLAGS} (or {@code ifa_flags}): {@link #SECONDARY}, {@link #PERMANENT}, ...
 */
public record LinkAddress(int ifindex, Inet4Address address, int prefixLength, String label, int scope, int flags) {
    /** {@code IFA_F_SECONDARY}: another address of the same subnet came first (VIPs usually are). */
    public static final int SECONDARY = 0x01;
    /** {@code IFA_F_PERMANENT}: configured, not learned (every address added by hand or by us). */
    public static final int PERMANENT = 0x80;

    public LinkAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
    }

    /** True for {@link #SECONDARY}. */
    public boolean secondary() {
        return (flags & SECONDARY) != 0;
    }

    /** {@code 10.0.0.100/24 label eth0:vip}, as {@code ip addr} shows it. */
    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " #" + ifindex + " label " + label
                + (secondary() ? " secondary" : "");
    }
}
