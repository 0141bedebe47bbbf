package io.tandem.mysql;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the master-master sanity rules need to know about one server, read in one go.
 *
 * @param name         how to call it in messages: the endpoint, without its password
 * @param gtidDomainId MariaDB's {@code gtid_domain_id}; empty on MySQL
 * @param replica      its replication channel; empty when it replicates from nobody
 */
public record ServerFacts(String name, Flavour flavour, String version, long serverId, boolean readOnly,
                          boolean superReadOnly, long autoIncrementIncrement, long autoIncrementOffset,
                          OptionalLong gtidDomainId, Optional<ReplicaLink> replica, SemiSync semiSync) {
    /** Clients without special privileges can write. */
    public boolean writable() {
        return !readOnly && !superReadOnly;
    }
}
