package io.tandem.vrrp;

import java.util.Objects;

/** An advert that passed every check for the local instance described by {@code instance}. */
public record Accepted(Expectation instance, Received received) implements Verdict {
    public Accepted {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(received, "received");
    }

    /** Shorthand for {@code received().advert()}. */
    public Advert advert() {
        return received.advert();
    }
}
