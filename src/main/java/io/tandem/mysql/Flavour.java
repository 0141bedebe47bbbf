package io.tandem.mysql;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every difference between MariaDB and MySQL 8 that Tandem cares about, in one place:
 * the replication status statement and its column names, {@code super_read_only} (MySQL only;
 * MariaDB's {@code read_only} already binds everyone without READ_ONLY ADMIN), and the variable
 * holding the executed GTID set.
 */
public enum Flavour {
    /** MariaDB 10.5+ (tested on 10.11). */
    MARIADB("SHOW SLAVE STATUS", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "Last_IO_Error",
            "Last_SQL_Error", "Master_Host", false, "gtid_current_pos"),
    /** MySQL 8.0.22+ (the REPLICA/SOURCE names). */
    MYSQL("SHOW REPLICA STATUS", "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source", "Last_IO_Error",
            "Last_SQL_Error", "Source_Host", true, "gtid_executed");

    private final String replicaStatusQuery;
    private final String ioRunning;
    private final String sqlRunning;
    private final String secondsBehind;
    private final String lastIoError;
    private final String lastSqlError;
    private final String sourceHost;
    private final boolean hasSuperReadOnly;
    private final String gtidExecutedVariable;

    Flavour(String replicaStatusQuery, String ioRunning, String sqlRunning, String secondsBehind, String lastIoError,
            String lastSqlError, String sourceHost, boolean hasSuperReadOnly, String gtidExecutedVariable) {
        this.replicaStatusQuery = replicaStatusQuery;
        this.ioRunning = ioRunning;
        this.sqlRunning = sqlRunning;
        this.secondsBehind = secondsBehind;
        this.lastIoError = lastIoError;
        this.lastSqlError = lastSqlError;
        this.sourceHost = sourceHost;
        this.hasSuperReadOnly = hasSuperReadOnly;
        this.gtidExecutedVariable = gtidExecutedVariable;
    }

    /** From {@code SELECT VERSION()}: "10.11.6-MariaDB-0+deb12u1" is MariaDB, "8.0.36" is MySQL. */
    public static Flavour fromVersion(String version) {
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }

    public String replicaStatusQuery() {
        return replicaStatusQuery;
    }

    public boolean hasSuperReadOnly() {
        return hasSuperReadOnly;
    }

    public String gtidExecutedVariable() {
        return gtidExecutedVariable;
    }

    /** The status of the first replication channel from one row of the status statement (column name to value). */
    public ReplicaStatus replicaStatus(Map<String, String> row) {
        String behind = row.get(secondsBehind);
        OptionalLong lag = behind == null || behind.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(behind.strip()));
        String error = firstNonBlank(row.get(lastIoError), row.get(lastSqlError));
        return new ReplicaStatus("Yes".equalsIgnoreCase(row.get(ioRunning)), "Yes".equalsIgnoreCase(row.get(sqlRunning)), lag,
                Optional.ofNullable(row.get(sourceHost)), Optional.ofNullable(error));
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
