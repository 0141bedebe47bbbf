package io.tandem.vrrp;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * A well-formed advert and the IP facts that came with it: the source (the sender's primary
 * address, which breaks priority ties: RFC 5798 §6.4.3), the destination (multicast group or a
 * unicast peer) and the TTL.
 */
public record Received(Advert advert, Inet4Address source, Inet4Address destination, int ttl) implements DecodeResult {
    public Received {
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public String toString() {
        return advert + " from " + source.getHostAddress() + " to " + destination.getHostAddress() + " ttl " + ttl;
    }
}
