package io.tandem.vrrp.sim;

/** An invariant broke; the message says which, where and when. */
final class SimulationFailure extends RuntimeException {
    SimulationFailure(String message) {
        super(message);
    }
}
