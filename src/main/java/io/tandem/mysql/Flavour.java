package io.tandem.mysql;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every difference between MariaDB and MySQL 8 that Tandem cares about, in one place:
 * the replication status statement and its column names, {@code super_read_only} (MySQL only;
 * MariaDB's {@code read_only} already binds everyone without READ_ONLY ADMIN), the variable
 * holding the executed GTID set, how to wait for a GTID position, the relay log positions, which
 * sessions are replication or server threads, and the semi-synchronous replication variables.
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

    /**
     * The statement that fences: {@code super_read_only=ON} on MySQL (it implies {@code read_only}
     * and also binds accounts with SUPER), {@code read_only=ON} on MariaDB (which has no super_read_only).
     */
    public String fenceStatement() {
        return hasSuperReadOnly ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL read_only = ON";
    }

    /** The statement that opens writes: {@code read_only=OFF}, which on MySQL turns super_read_only off too. */
    public String unfenceStatement() {
        return "SET GLOBAL read_only = OFF";
    }

    /** Reads the flags back as columns {@code ro} and {@code sro} (0 on MariaDB). */
    public String readOnlyQuery() {
        return hasSuperReadOnly ? "SELECT @@global.read_only AS ro, @@global.super_read_only AS sro"
                : "SELECT @@global.read_only AS ro, 0 AS sro";
    }

    /**
     * The variable holding every transaction in this server's binary log, the position a new master
     * must reach: {@code gtid_binlog_pos} (MariaDB, one GTID per domain) or {@code gtid_executed}
     * (MySQL, a GTID set).
     */
    public String gtidBinlogVariable() {
        return this == MARIADB ? "gtid_binlog_pos" : "gtid_executed";
    }

    /**
     * A query with two parameters (position, seconds) that waits until this server has applied a
     * position and returns {@link #gtidWaitReached a value saying whether it did}:
     * {@code MASTER_GTID_WAIT} (MariaDB) or {@code WAIT_FOR_EXECUTED_GTID_SET} (MySQL).
     */
    public String gtidWaitQuery() {
        return this == MARIADB ? "SELECT MASTER_GTID_WAIT(?, ?)" : "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
    }

    /** Whether {@link #gtidWaitQuery}'s result means "reached": 0 for both; -1 (MariaDB) or 1 (MySQL) is a timeout. */
    public boolean gtidWaitReached(String result) {
        return "0".equals(result == null ? null : result.strip());
    }

    /**
     * Whether a session of the process list must survive fencing: replication (the dump threads
     * that feed other servers, our own replica threads), the event scheduler and other server
     * threads. Every other session is a client that could write.
     *
     * @param user    {@code PROCESSLIST.USER}
     * @param command {@code PROCESSLIST.COMMAND}
     */
    public boolean keepsSession(String user, String command) {
        if (user != null && SERVER_USERS.contains(user)) {
            return true;
        }
        return command != null && (this == MARIADB ? MARIADB_KEPT_COMMANDS : MYSQL_KEPT_COMMANDS).contains(command);
    }

    private static final Set<String> SERVER_USERS = Set.of("system user", "event_scheduler");
    /** MariaDB: the dump thread of a replica connected to us, our replica threads, and background daemons. */
    private static final Set<String> MARIADB_KEPT_COMMANDS = Set.of("Binlog Dump", "Slave_IO", "Slave_SQL",
            "Slave_worker", "Daemon", "Killed");
    /** MySQL 8: the dump threads (file or GTID protocol); its replica threads run as "system user". */
    private static final Set<String> MYSQL_KEPT_COMMANDS = Set.of("Binlog Dump", "Binlog Dump GTID", "Daemon", "Killed");

    /**
     * How far the replica has read from its source and how far it has applied, from one row of
     * {@link #replicaStatusQuery()}; empty when the row lacks the columns.
     */
    public Optional<RelayProgress> relayProgress(Map<String, String> row) {
        String[] c = this == MARIADB
                ? new String[] {"Master_Log_File", "Read_Master_Log_Pos", "Relay_Master_Log_File", "Exec_Master_Log_Pos"}
                : new String[] {"Source_Log_File", "Read_Source_Log_Pos", "Relay_Source_Log_File", "Exec_Source_Log_Pos"};
        String readFile = row.get(c[0]);
        String readPos = row.get(c[1]);
        String execFile = row.get(c[2]);
        String execPos = row.get(c[3]);
        if (readFile == null || readPos == null || execFile == null || execPos == null
                || readPos.isBlank() || execPos.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new RelayProgress(readFile, Long.parseLong(readPos.strip()), execFile,
                Long.parseLong(execPos.strip())));
    }

    /** The {@code server_id} of the source the replica last connected to ({@code Master_Server_Id}/{@code Source_Server_Id}); 0 if never. */
    public long sourceServerId(Map<String, String> row) {
        String v = row.get(this == MARIADB ? "Master_Server_Id" : "Source_Server_Id");
        return v == null || v.isBlank() ? 0 : Long.parseLong(v.strip());
    }

    /**
     * The semi-synchronous replication variables that are read; MariaDB has it built in (10.3.3+,
     * "master"/"slave" names), MySQL 8 through the plugins {@code rpl_semi_sync_master}/{@code _slave}
     * or, from 8.0.26, {@code rpl_semi_sync_source}/{@code _replica}. Missing variables mean the
     * plugin is not loaded, which is "off".
     */
    public static final Set<String> SEMI_SYNC_VARIABLES = Set.of("rpl_semi_sync_master_enabled",
            "rpl_semi_sync_slave_enabled", "rpl_semi_sync_source_enabled", "rpl_semi_sync_replica_enabled");

    /** Semi-synchronous replication as the variables of {@link #SEMI_SYNC_VARIABLES} (name to value) describe it. */
    public static SemiSync semiSync(Map<String, String> variables) {
        return new SemiSync(on(variables, "rpl_semi_sync_master_enabled") || on(variables, "rpl_semi_sync_source_enabled"),
                on(variables, "rpl_semi_sync_slave_enabled") || on(variables, "rpl_semi_sync_replica_enabled"));
    }

    private static boolean on(Map<String, String> variables, String name) {
        String v = variables.get(name);
        return v != null && (v.equalsIgnoreCase("ON") || v.equals("1"));
    }

    /** The replication channel in detail from one row of {@link #replicaStatusQuery()} (column name to value). */
    public ReplicaLink replicaLink(Map<String, String> row) {
        String io = row.get(ioRunning);
        ReplicaLink.IoState state = "Yes".equalsIgnoreCase(io) ? ReplicaLink.IoState.RUNNING
                : "Connecting".equalsIgnoreCase(io) ? ReplicaLink.IoState.CONNECTING : ReplicaLink.IoState.STOPPED;
        String behind = row.get(secondsBehind);
        OptionalLong lag = behind == null || behind.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(behind.strip()));
        String port = row.get(this == MARIADB ? "Master_Port" : "Source_Port");
        return new ReplicaLink(state, "Yes".equalsIgnoreCase(row.get(sqlRunning)), blankToEmpty(row.get(lastIoError)),
                blankToEmpty(row.get(lastSqlError)), lag, Optional.ofNullable(row.get(sourceHost)).orElse(""),
                port == null || port.isBlank() ? 0 : Integer.parseInt(port.strip()), sourceServerId(row));
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
