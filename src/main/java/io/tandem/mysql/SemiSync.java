package io.tandem.mysql;

/**
 * Semi-synchronous replication on one server: as a source it waits for a replica's acknowledgement
 * before answering a commit; as a replica it acknowledges. A direction A to B is semi-synchronous
 * only when A's source side and B's replica side are both on.
 */
public record SemiSync(boolean sourceEnabled, boolean replicaEnabled) {
    public static final SemiSync OFF = new SemiSync(false, false);
}
