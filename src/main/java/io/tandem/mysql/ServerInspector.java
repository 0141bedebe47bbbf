package io.tandem.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a server's {@link ServerStatus} over one short-lived connection. Blocking; bounded by the endpoint's timeout. */
public final class ServerInspector {
    private ServerInspector() {}

    /**
     * @param withReplica also read the replication status (needs the REPLICA MONITOR privilege on
     *                    MariaDB, REPLICATION CLIENT on MySQL); without it the status has no replica part
     */
    public static ServerStatus inspect(MysqlEndpoint endpoint, boolean withReplica) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoint.url(), endpoint.properties());
             Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, (endpoint.timeout().toMillis() + 999) / 1000));
            String version;
            try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                version = rs.getString(1);
            }
            Flavour flavour = Flavour.fromVersion(version);
            boolean readOnly;
            boolean superReadOnly = false;
            try (ResultSet rs = s.executeQuery(flavour.hasSuperReadOnly()
                    ? "SELECT @@global.read_only, @@global.super_read_only" : "SELECT @@global.read_only")) {
                rs.next();
                readOnly = rs.getInt(1) != 0;
                if (flavour.hasSuperReadOnly()) {
                    superReadOnly = rs.getInt(2) != 0;
                }
            }
            Optional<ReplicaStatus> replica = Optional.empty();
            if (withReplica) {
                try (ResultSet rs = s.executeQuery(flavour.replicaStatusQuery())) {
                    if (rs.next()) {
                        replica = Optional.of(flavour.replicaStatus(row(rs)));
                    }
                }
            }
            return new ServerStatus(flavour, version, readOnly, superReadOnly, replica);
        }
    }

    /**
     * Reads what the status output shows over one short-lived connection: read-only flags,
     * replication (when the privileges allow; otherwise {@link ServerObservation#replicaError})
     * and the executed GTID position. Blocking; bounded by the endpoint's timeout.
     */
    public static ServerObservation observe(MysqlEndpoint endpoint) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoint.url(), endpoint.properties());
             Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, (endpoint.timeout().toMillis() + 999) / 1000));
            String version;
            try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                version = rs.getString(1);
            }
            Flavour flavour = Flavour.fromVersion(version);
            boolean readOnly;
            boolean superReadOnly = false;
            String gtid;
            try (ResultSet rs = s.executeQuery((flavour.hasSuperReadOnly()
                    ? "SELECT @@global.read_only, @@global.super_read_only" : "SELECT @@global.read_only, 0")
                    + ", @@global." + flavour.gtidExecutedVariable())) {
                rs.next();
                readOnly = rs.getInt(1) != 0;
                superReadOnly = rs.getInt(2) != 0;
                gtid = Optional.ofNullable(rs.getString(3)).orElse("").replaceAll("\\s+", "");
            }
            Optional<ReplicaStatus> replica = Optional.empty();
            Optional<String> replicaError = Optional.empty();
            try (ResultSet rs = s.executeQuery(flavour.replicaStatusQuery())) {
                if (rs.next()) {
                    replica = Optional.of(flavour.replicaStatus(row(rs)));
                }
            } catch (SQLException e) {
                replicaError = Optional.of(endpoint.scrub(e.getMessage()));
            }
            return new ServerObservation(new ServerStatus(flavour, version, readOnly, superReadOnly, replica),
                    gtid, replicaError);
        }
    }

    private static Map<String, String> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), rs.getString(i));
        }
        return row;
    }
}
