package io.tandem.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection to a server that lives until a deadline: connecting and every statement are
 * bounded by the time left (the driver's network timeout closes the connection when it passes), so
 * a hung mysqld makes a call fail at the deadline instead of blocking it.
 */
final class ServerSession implements AutoCloseable {
    private final MysqlEndpoint endpoint;
    private final Connection connection;
    private final long deadlineNanos;
    private final Flavour flavour;
    private final String version;

    private ServerSession(MysqlEndpoint endpoint, Connection connection, long deadlineNanos) throws SQLException {
        this.endpoint = endpoint;
        this.connection = connection;
        this.deadlineNanos = deadlineNanos;
        this.version = value("SELECT VERSION()").orElse("");
        this.flavour = Flavour.fromVersion(version);
    }

    /**
     * Connects within the endpoint's timeout or the time left to {@code deadlineNanos}
     * ({@link System#nanoTime()}), whichever ends first.
     *
     * @throws SQLTimeoutException when the deadline has already passed
     */
    static ServerSession open(MysqlEndpoint endpoint, long deadlineNanos) throws SQLException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SQLTimeoutException(endpoint + ": no time left to connect");
        }
        Connection c = DriverManager.getConnection(endpoint.url(), endpoint.properties(Duration.ofNanos(left)));
        try {
            return new ServerSession(endpoint, c, deadlineNanos);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    Flavour flavour() {
        return flavour;
    }

    String version() {
        return version;
    }

    /** Time left to the deadline, never negative. */
    Duration left() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Runs a statement without a result set. */
    void execute(String sql) throws SQLException {
        bound();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row; empty for no rows or SQL NULL. */
    Optional<String> value(String sql, Object... args) throws SQLException {
        List<Map<String, String>> rows = rows(sql, args);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(rows.getFirst().get(FIRST));
    }

    /** Every row as column label to value; the first column is also under the key {@link #FIRST}. */
    List<Map<String, String>> rows(String sql, Object... args) throws SQLException {
        bound();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getString(i));
                    }
                    row.put(FIRST, rs.getString(1));
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** The key under which {@link #rows} also stores each row's first column. */
    static final String FIRST = "\0first";

    /** The replication status row of the default channel, or empty when the server replicates from nobody. */
    Optional<Map<String, String>> replicaRow() throws SQLException {
        List<Map<String, String>> rows = rows(flavour.replicaStatusQuery());
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** A one-line description of an exception from this session, without the password. */
    String describe(SQLException e) {
        return describe(endpoint, e);
    }

    static String describe(MysqlEndpoint endpoint, SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return endpoint.scrub(nl < 0 ? m : m.substring(0, nl));
    }

    private void bound() throws SQLException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SQLTimeoutException(endpoint + ": deadline passed");
        }
        connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
