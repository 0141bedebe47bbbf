package io.tandem.vrrp;

import java.util.Objects;

/**
 * What a {@link SyncGroup} asks the daemon to do, in order: a {@link GroupTransition} to log,
 * then the events to feed to members, then {@link GroupNotify} for the group's notify scripts.
 */
public sealed interface GroupAction {
    /** Hand {@code event} to member {@code member}'s machine now, then show the group its step. */
    record Feed(String member, Event.SyncedTo event) implements GroupAction {
        public Feed {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * The group changed state because of member {@code by}; emitted first. keepalived logs
     * {@code VRRP_Group(name) Syncing instances to <to> state}.
     */
    record GroupTransition(GroupState from, GroupState to, String by) implements GroupAction {
        public GroupTransition {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(by, "by");
        }

        @Override
        public String toString() {
            return from.label() + " -> " + to.label() + " (" + by + ")";
        }
    }

    /**
     * The same change, emitted last, after the members moved: run the group's
     * {@code notify_<state>} as written and {@code notify} with {@code GROUP name STATE 0}.
     */
    record GroupNotify(GroupState from, GroupState to) implements GroupAction {
        public GroupNotify {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
