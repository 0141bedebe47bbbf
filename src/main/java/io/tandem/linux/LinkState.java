package io.tandem.linux;

import java.util.Objects;

/**
 * What a watched interface name stands for at one moment: the interface the kernel reported, or
 * none (never created, deleted, renamed away or moved to another namespace). {@link #up()} is
 * {@link Link#isUp()} of that interface and false without one, so event-driven tracking counts
 * "up" exactly as polling with {@link Rtnetlink#link(String)} did.
 *
 * @param name the watched name
 * @param link the interface, or null when there is none by that name
 */
public record LinkState(String name, Link link) {
    public LinkState {
        Objects.requireNonNull(name, "name");
    }

    /** No interface is called {@code name}. */
    public static LinkState absent(String name) {
        return new LinkState(name, null);
    }

    /** An interface by this name exists. */
    public boolean present() {
        return link != null;
    }

    /** Present and {@link Link#isUp()}. */
    public boolean up() {
        return link != null && link.isUp();
    }

    @Override
    public String toString() {
        return link == null ? name + " absent" : link.toString();
    }
}
