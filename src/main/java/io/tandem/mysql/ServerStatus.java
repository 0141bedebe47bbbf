package io.tandem.mysql;

import java.util.Optional;

/**
 * What one look at a server found.
 *
 * @param replica empty when the server replicates from nobody
 */
public record ServerStatus(Flavour flavour, String version, boolean readOnly, boolean superReadOnly,
                           Optional<ReplicaStatus> replica) {
    /** Clients without special privileges can write. */
    public boolean writable() {
        return !readOnly && !superReadOnly;
    }
}
