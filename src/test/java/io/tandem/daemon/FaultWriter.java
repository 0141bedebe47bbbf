package io.tandem.daemon;

import io.tandem.linux.NetNamespace;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault test's client: from its own network namespace it inserts rows with unique ids through
 * the VIP, one after the other without pause, and remembers every insert the server acknowledged.
 * A failed insert is not retried with the same id (its fate is unknown: it may have committed),
 * so the acknowledged set is exactly what must survive.
 */
final class FaultWriter implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong lastAck = new AtomicLong(System.nanoTime());
    private final AtomicLong longestGap = new AtomicLong();
    private final AtomicLong windowGap = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    FaultWriter(String namespace, String vip, String user, String password) {
        this.url = "jdbc:mariadb://" + vip + ":3306/app?connectTimeout=500&socketTimeout=3000";
        this.user = user;
        this.password = password;
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            this.thread = ns.startThread("fault-writer", this::run);
        }
    }

    private void run() {
        int id = 0;
        Connection c = null;
        while (!stop) {
            id++;
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, user, password);
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO t VALUES (" + id + ", @@server_id)");
                }
                acked.add(id);
                long now = System.nanoTime();
                long gap = now - lastAck.getAndSet(now);
                longestGap.accumulateAndGet(gap, Math::max);
                windowGap.accumulateAndGet(gap, Math::max);
            } catch (SQLException e) {
                failed.incrementAndGet();
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the connection is gone either way
                    }
                    c = null;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at the end
            }
        }
    }

    Set<Integer> acked() {
        return Set.copyOf(acked);
    }

    int ackedCount() {
        return acked.size();
    }

    int failed() {
        return failed.get();
    }

    /** Nanoseconds since the last acknowledged insert. */
    long sinceLastAck() {
        return System.nanoTime() - lastAck.get();
    }

    /** The longest time between two acknowledged inserts, in milliseconds. */
    long longestGapMillis() {
        return longestGap.get() / 1_000_000;
    }

    /** The longest gap since the last call (or the start), in milliseconds; starts a new measurement. */
    long takeGapMillis() {
        return windowGap.getAndSet(0) / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
