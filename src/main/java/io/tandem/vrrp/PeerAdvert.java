package io.tandem.vrrp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;

/**
 * The facts of one received advertisement that the state machine acts on, after the codec has
 * decoded it and the receive checks (TTL, VRID, checksum, authentication, address list, v2
 * interval match) have accepted it.
 *
 * @param priority       0..255; 0 means the master is stopping
 * @param source         the sender's primary IPv4 address (the IP source of the packet)
 * @param advertInterval the Max Adver Int field; the machine uses it only in VRRPv3
 */
public record PeerAdvert(int priority, Inet4Address source, Duration advertInterval) {
    public PeerAdvert {
        if (priority < Priority.STOP || priority > Priority.OWNER) {
            throw new IllegalArgumentException("priority " + priority + " outside [0, 255]");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(advertInterval, "advertInterval");
        if (advertInterval.isNegative()) {
            throw new IllegalArgumentException("negative advert interval " + advertInterval);
        }
    }

    @Override
    public String toString() {
        return "advert(priority " + priority + " from " + source.getHostAddress() + ", interval "
                + advertInterval.toMillis() + " ms)";
    }
}
