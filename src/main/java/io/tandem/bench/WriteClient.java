package io.tandem.bench;

import io.tandem.linux.NetNamespace;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's application: a platform thread in the client host's namespace that inserts rows
 * with unique ids through the VIP, one after the other without pause, over JDBC (MariaDB
 * Connector/J, connect timeout 500 ms, socket timeout 1 s). It asks each new connection once which
 * {@code server_id} it reached and records every acknowledged insert with {@link System#nanoTime()}
 * and that server id. A failed insert is not retried with the same id. On an error the connection
 * is dropped and a new one opened, after a 5 ms pause so a refused VIP does not spin a core; only a
 * read-only refusal (error 1290: the server is fenced) keeps the connection and tries again, since
 * the server will open writes on it.
 *
 * <p>Runs only while {@link #active(boolean) active}: the benchmark pauses the client of the labs it
 * is not measuring.
 */
final class WriteClient implements AutoCloseable {
    /** An acknowledged insert. */
    record Ack(long nanos, int serverId) {}

    /** A failed attempt (connect or insert) from {@code startNanos} to {@code endNanos}, with the driver's message. */
    record Failure(long startNanos, long endNanos, String error) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private static final int ER_OPTION_PREVENTS_STATEMENT = 1290;
    private static final long PAUSE_MS = 5;

    private final String url;
    private final Thread thread;
    private final List<Ack> acks = new ArrayList<>(); // guarded by this
    private final List<Failure> failed = new ArrayList<>(); // guarded by this
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile boolean active;
    private volatile boolean stopped;
    private volatile String lastError = "";

    private WriteClient(NetNamespace ns, String vip) {
        this.url = "jdbc:mariadb://" + vip + ":3306/" + MysqlConfigs.SCHEMA + "?connectTimeout=500&socketTimeout=1000";
        this.thread = ns.startThread("writer-" + ns.name(), this::run);
    }

    /** Starts a paused client in {@code namespace} writing through {@code vip}. */
    static WriteClient start(String namespace, String vip) {
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            return new WriteClient(ns, vip);
        }
    }

    void active(boolean on) {
        active = on;
    }

    private void run() {
        Connection c = null;
        int serverId = 0;
        while (!stopped) {
            if (!active) {
                c = close(c);
                sleep(20);
                continue;
            }
            long start = System.nanoTime();
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, MysqlConfigs.APP_USER, MysqlConfigs.APP_PASSWORD);
                    connects.incrementAndGet();
                    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT @@server_id")) {
                        r.next();
                        serverId = r.getInt(1);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO w (id, server_id) VALUES (?, @@server_id)")) {
                    p.setLong(1, nextId.getAndIncrement());
                    p.executeUpdate();
                }
                long now = System.nanoTime();
                synchronized (this) {
                    acks.add(new Ack(now, serverId));
                }
            } catch (SQLException e) {
                failures.incrementAndGet();
                lastError = e.getErrorCode() + " " + e.getMessage();
                recordFailure(start, lastError);
                if (e.getErrorCode() != ER_OPTION_PREVENTS_STATEMENT) {
                    c = close(c);
                }
                sleep(PAUSE_MS);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                lastError = e.toString();
                recordFailure(start, lastError);
                c = close(c);
                sleep(PAUSE_MS);
            }
        }
        close(c);
    }

    private synchronized void recordFailure(long start, String error) {
        if (failed.size() < 100_000) {
            failed.add(new Failure(start, System.nanoTime(), error.length() > 160 ? error.substring(0, 160) : error));
        }
    }

    /** The longest failed attempt that started in [{@code fromNanos}, {@code toNanos}), or null. */
    synchronized Failure slowestFailure(long fromNanos, long toNanos) {
        Failure worst = null;
        for (Failure f : failed) {
            if (f.startNanos() - fromNanos >= 0 && f.startNanos() - toNanos < 0 && (worst == null || f.millis() > worst.millis())) {
                worst = f;
            }
        }
        return worst;
    }

    private static Connection close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone either way
            }
        }
        return null;
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    /** The first insert acknowledged by {@code serverId} at or after {@code sinceNanos}, or null. */
    synchronized Ack firstFrom(int serverId, long sinceNanos) {
        for (Ack a : acks) {
            if (a.serverId() == serverId && a.nanos() - sinceNanos >= 0) {
                return a;
            }
        }
        return null;
    }

    /** The last acknowledged insert before {@code nanos}, or null. */
    synchronized Ack lastBefore(long nanos) {
        Ack last = null;
        for (Ack a : acks) {
            if (a.nanos() - nanos < 0) {
                last = a;
            }
        }
        return last;
    }

    /** True when every insert acknowledged in the last {@code windowNanos} came from {@code serverId}, and there was at least one. */
    synchronized boolean steady(int serverId, long windowNanos) {
        long since = System.nanoTime() - windowNanos;
        boolean any = false;
        for (int i = acks.size() - 1; i >= 0; i--) {
            Ack a = acks.get(i);
            if (a.nanos() - since < 0) {
                break;
            }
            if (a.serverId() != serverId) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Forgets acknowledgements and failures before {@code nanos} (bounded memory between repetitions). */
    synchronized void discardBefore(long nanos) {
        acks.removeIf(a -> a.nanos() - nanos < 0);
        failed.removeIf(f -> f.startNanos() - nanos < 0);
    }

    synchronized int acked() {
        return acks.size();
    }

    int failures() {
        return failures.get();
    }

    int connects() {
        return connects.get();
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
    }
}
