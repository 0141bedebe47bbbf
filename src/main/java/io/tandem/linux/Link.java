package io.tandem.linux;

import java.util.HexFormat;
import java.util.Objects;

/**
 * An interface as {@code RTM_GETLINK} reports it: what {@code track_interface} looks at.
 *
 * @param index     the interface index
 * @param name      {@code IFLA_IFNAME}
 * @param flags     {@code ifi_flags}: {@link #IFF_UP}, {@link #IFF_RUNNING}, {@link #IFF_LOWER_UP}, ...
 * @param operState {@code IFLA_OPERSTATE} (RFC 2863), {@link OperState#UNKNOWN} when absent
 * @param mac       {@code IFLA_ADDRESS}, the hardware address (6 bytes on Ethernet; empty when none)
 * @param mtu       {@code IFLA_MTU}, 0 when absent
 */
public record Link(int index, String name, int flags, OperState operState, byte[] mac, int mtu) {
    /** Administratively up ({@code ip link set up}). */
    public static final int IFF_UP = 0x1;
    /** Up and the driver reports the link working (carrier, not dormant). */
    public static final int IFF_RUNNING = 0x40;
    /** The physical layer has carrier. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** RFC 2863 operational status, as {@code IF_OPER_*} in linux/if.h. */
    public enum OperState {
        UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

        static OperState of(int value) {
            OperState[] all = values();
            return value >= 0 && value < all.length ? all[value] : UNKNOWN;
        }
    }

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operState, "operState");
        mac = mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /**
     * Up as keepalived's {@code track_interface} counts it ({@code IF_FLAGS_UP}: {@code IFF_UP} and
     * {@code IFF_RUNNING}): set up by the administrator and carrying traffic.
     */
    public boolean isUp() {
        return (flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
    }

    /** {@code IFF_UP} alone. */
    public boolean administrativelyUp() {
        return (flags & IFF_UP) != 0;
    }

    /** The MAC as {@code 02:00:0a:c9:00:0b}. */
    public String macString() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l && index == l.index && name.equals(l.name) && flags == l.flags
                && operState == l.operState && java.util.Arrays.equals(mac, l.mac) && mtu == l.mtu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, flags, operState, java.util.Arrays.hashCode(mac), mtu);
    }

    @Override
    public String toString() {
        return name + " #" + index + (isUp() ? " up" : " down") + " flags 0x" + Integer.toHexString(flags)
                + " operstate " + operState + " mac " + macString() + " mtu " + mtu;
    }
}
