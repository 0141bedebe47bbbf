package io.tandem.mysql;

import java.util.Optional;

/**
 * One cheap look at a server for the status output: its {@link ServerStatus} (with replication
 * when the privileges allow) and its executed GTID position.
 *
 * @param gtidPosition {@code gtid_current_pos} (MariaDB) or {@code gtid_executed} (MySQL); empty when unreadable
 * @param replicaError why the replication status could not be read (missing privilege), if so
 */
public record ServerObservation(ServerStatus status, String gtidPosition, Optional<String> replicaError) {}
