package io.tandem.vrrp;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local instances that share one receive socket (one interface), looked up by VRID as
 * keepalived's {@code vrrp_dispatcher_read} does: an advert for a VRID nobody here runs is
 * {@link Reason#UNKNOWN_VRID}, any other goes to its instance's {@link Expectation#check}.
 * Immutable; build a new one on reload.
 */
public final class Acceptance {
    private final Map<Integer, Expectation> byVrid;

    private Acceptance(Map<Integer, Expectation> byVrid) {
        this.byVrid = byVrid;
    }

    /** The instances on one socket; two with the same VRID are a configuration error. */
    public static Acceptance of(Collection<Expectation> instances) {
        Map<Integer, Expectation> byVrid = new TreeMap<>();
        for (Expectation instance : instances) {
            Expectation previous = byVrid.putIfAbsent(instance.vrid(), instance);
            if (previous != null) {
                throw new IllegalArgumentException("two instances with VRID " + instance.vrid() + " on one socket");
            }
        }
        return new Acceptance(Collections.unmodifiableMap(byVrid));
    }

    /** The instance with this VRID, if one is here. */
    public Optional<Expectation> instance(int vrid) {
        return Optional.ofNullable(byVrid.get(vrid));
    }

    /** Judges a decoder result: a rejection stays one, an advert goes to its instance. */
    public Verdict check(DecodeResult decoded) {
        return switch (decoded) {
            case Rejected rejected -> rejected;
            case Received received -> check(received);
        };
    }

    /** Finds the instance for the advert's VRID and lets it judge the advert. */
    public Verdict check(Received received) {
        Expectation instance = byVrid.get(received.advert().vrid());
        if (instance == null) {
            return new Rejected(Reason.UNKNOWN_VRID, "no instance with VRID " + received.advert().vrid());
        }
        return instance.check(received);
    }

    @Override
    public String toString() {
        return "Acceptance" + byVrid.values();
    }
}
