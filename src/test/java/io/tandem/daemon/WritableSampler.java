package io.tandem.daemon;

import io.tandem.linux.NetNamespace;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches {@code @@read_only} on both masters, continuously, from its own namespace, and counts
 * the periods in which both were writable. Two sequential queries cannot see one instant, so a
 * round asks A, then B, then A again: both are proven writable at once only when A said writable
 * before and after B said writable. A server that does not answer counts as not writable (it
 * takes no writes either).
 */
final class WritableSampler implements AutoCloseable {
    private final String[] urls;
    private final String user;
    private final String password;
    private final Connection[] connections = new Connection[2];
    private final List<String> periods = new ArrayList<>();
    private final AtomicInteger rounds = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;
    private long periodStart = -1;

    WritableSampler(String namespace, String a, String b, String user, String password) {
        this.urls = new String[] {url(a), url(b)};
        this.user = user;
        this.password = password;
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            this.thread = ns.startThread("writable-sampler", this::run);
        }
    }

    private static String url(String host) {
        return "jdbc:mariadb://" + host + ":3306/?connectTimeout=200&socketTimeout=300";
    }

    private void run() {
        long start = System.nanoTime();
        int first = 0;
        while (!stop) {
            int second = 1 - first;
            boolean dual = writable(first) && writable(second) && writable(first);
            long now = System.nanoTime();
            synchronized (periods) {
                if (dual && periodStart < 0) {
                    periodStart = now;
                } else if (!dual && periodStart >= 0) {
                    periods.add(String.format("%.3f s to %.3f s after start", (periodStart - start) / 1e9, (now - start) / 1e9));
                    periodStart = -1;
                }
            }
            rounds.incrementAndGet();
            first = second;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
        for (int i = 0; i < 2; i++) {
            closeQuietly(i);
        }
    }

    private boolean writable(int i) {
        try {
            if (connections[i] == null) {
                connections[i] = DriverManager.getConnection(urls[i], user, password);
            }
            try (Statement s = connections[i].createStatement(); ResultSet r = s.executeQuery("SELECT @@global.read_only")) {
                return r.next() && r.getInt(1) == 0;
            }
        } catch (SQLException e) {
            closeQuietly(i);
            return false;
        }
    }

    private void closeQuietly(int i) {
        if (connections[i] != null) {
            try {
                connections[i].close();
            } catch (SQLException ignored) {
                // gone either way
            }
            connections[i] = null;
        }
    }

    /** The periods in which both masters were writable, as text; one still open at the time of the call included. */
    List<String> dualWritablePeriods() {
        synchronized (periods) {
            List<String> out = new ArrayList<>(periods);
            if (periodStart >= 0) {
                out.add("one still open");
            }
            return out;
        }
    }

    int rounds() {
        return rounds.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
