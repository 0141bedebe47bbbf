package io.tandem.vrrp.sim;

import io.tandem.vrrp.Action;
import io.tandem.vrrp.InstanceState;
import io.tandem.vrrp.Priority;
import io.tandem.vrrp.Step;
import java.util.List;

/** The shape every step of a machine must have, checked by both simulations. */
final class StepShape {
    private StepShape() {}

    /**
     * At most one state change, announced by a Transition before its side effects and a matching
     * Notify last; the state kind changes only with it; a timer runs exactly in BACKUP and
     * MASTER; a master advertises its effective priority.
     */
    static void check(String name, int effectivePriority, InstanceState before, Step step) {
        List<Action> actions = step.actions();
        List<Action.Transition> transitions = actions.stream()
                .filter(Action.Transition.class::isInstance).map(Action.Transition.class::cast).toList();
        List<Action.Notify> notifies = actions.stream()
                .filter(Action.Notify.class::isInstance).map(Action.Notify.class::cast).toList();
        if (transitions.size() > 1 || transitions.size() != notifies.size()) {
            throw new SimulationFailure(name + " malformed step " + actions);
        }
        if (transitions.isEmpty()) {
            if (before.getClass() != step.state().getClass()) {
                throw new SimulationFailure(name + " changed state without a Transition: " + before + " -> " + step.state());
            }
        } else {
            Action.Transition t = transitions.getFirst();
            Action.Notify notify = notifies.getFirst();
            boolean firstAfterPriority = actions.stream().dropWhile(Action.EffectivePriorityChanged.class::isInstance)
                    .findFirst().orElseThrow() == t;
            if (!firstAfterPriority || actions.getLast() != notify || t.from() != before || t.to() != step.state()
                    || notify.from() != t.from() || notify.to() != t.to() || notify.cause() != t.cause()
                    || before.getClass() == step.state().getClass()) {
                throw new SimulationFailure(name + " malformed transition step " + actions);
            }
        }
        boolean timed = step.state() instanceof InstanceState.Backup || step.state() instanceof InstanceState.Master;
        if (step.deadline().isPresent() != timed) {
            throw new SimulationFailure(name + " deadline " + step.deadline() + " in " + step.state().label());
        }
        for (Action a : actions) {
            if (a instanceof Action.SendAdvert(int p) && p != Priority.STOP && p != effectivePriority) {
                throw new SimulationFailure(name + " advertises " + p + " with effective priority " + effectivePriority);
            }
        }
    }
}
