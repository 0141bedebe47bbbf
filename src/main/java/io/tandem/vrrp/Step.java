package io.tandem.vrrp;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The result of one event: the state after it, the actions to perform in order, and when to call
 * again with {@link Event.TimerFired} (empty: no timer runs).
 */
public record Step(InstanceState state, List<Action> actions, OptionalLong deadline) {
    public Step {
        Objects.requireNonNull(state, "state");
        actions = List.copyOf(actions);
        Objects.requireNonNull(deadline, "deadline");
    }
}
