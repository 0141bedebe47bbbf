package io.tandem.bench;

import io.tandem.linux.LinkAddress;
import io.tandem.linux.NetNamespace;
import io.tandem.linux.Rtnetlink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches whether a lab host holds the VIP: a platform thread in the host's namespace asks the
 * kernel for eth0's addresses over rtnetlink every 5 ms (an {@code RTM_GETADDR} dump, tens of
 * microseconds, instead of running {@code ip}) and records every change with
 * {@link System#nanoTime()}. The poll period is the resolution of the VIP move time.
 */
final class VipWatcher implements AutoCloseable {
    /** A change: the host holds the VIP from {@code nanos} on ({@code held}) or no longer. */
    record Change(long nanos, boolean held) {}

    static final long PERIOD_MS = 5;

    private final Rtnetlink netlink;
    private final int ifindex;
    private final Inet4Address vip;
    private final List<Change> changes = new ArrayList<>(); // guarded by this
    private final Thread thread;
    private volatile boolean held;
    private volatile boolean stopped;
    private volatile Throwable crashed;

    private VipWatcher(NetNamespace ns, Inet4Address vip) {
        this.vip = vip;
        this.netlink = ns.call(Rtnetlink::open);
        try {
            this.ifindex = netlink.link("eth0").index();
            this.held = holdsNow();
            this.thread = ns.startThread("vip-watch-" + ns.name(), this::run);
        } catch (RuntimeException e) {
            netlink.close();
            throw e;
        }
    }

    static VipWatcher start(String namespace, String vip) {
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            return new VipWatcher(ns, (Inet4Address) InetAddress.getByName(vip));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + vip, e);
        }
    }

    private boolean holdsNow() {
        for (LinkAddress a : netlink.addresses(ifindex)) {
            if (a.address().equals(vip)) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        try {
            while (!stopped) {
                boolean now = holdsNow();
                if (now != held) {
                    long t = System.nanoTime();
                    synchronized (this) {
                        changes.add(new Change(t, now));
                    }
                    held = now;
                }
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            crashed = e;
        }
    }

    /** Whether the host holds the VIP (as of the last poll). */
    boolean held() {
        if (crashed != null) {
            throw new IllegalStateException("VIP watcher failed", crashed);
        }
        return held;
    }

    /** When the host took the VIP at or after {@code sinceNanos}, or null if it has not. */
    synchronized Change firstHeldSince(long sinceNanos) {
        for (Change c : changes) {
            if (c.held() && c.nanos() - sinceNanos >= 0) {
                return c;
            }
        }
        return null;
    }

    synchronized void discardBefore(long nanos) {
        changes.removeIf(c -> c.nanos() - nanos < 0);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
        netlink.close();
    }
}
