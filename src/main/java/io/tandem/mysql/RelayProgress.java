package io.tandem.mysql;

/**
 * How far a replica has read its source's binary log (the IO thread, into the relay log) and how
 * far it has applied it (the SQL thread), as source binlog coordinates. When both are equal the
 * replica has applied everything it received: what a new master waits for when the old one is
 * unreachable.
 */
public record RelayProgress(String readFile, long readPos, String execFile, long execPos) {
    /** The SQL thread has applied everything the IO thread has read. */
    public boolean applied() {
        return readFile.equals(execFile) && readPos == execPos;
    }

    @Override
    public String toString() {
        return "read " + readFile + ":" + readPos + ", applied " + execFile + ":" + execPos;
    }
}
