package io.tandem.bench;

import io.tandem.linux.NetNamespace;
import io.tandem.linux.VrrpSocket;
import io.tandem.vrrp.AdvertDecoder;
import io.tandem.vrrp.DecodeResult;
import io.tandem.vrrp.Received;
import java.net.Inet4Address;
import java.time.Duration;

/**
 * Hears VRRP adverts in the client host as they arrive (a multicast {@link VrrpSocket} opened
 * there), so a fault can be injected at a fixed phase of the master's advert cycle: right after
 * one of its adverts, when the backup's Master_Down_Timer has just been reset. A crash then costs
 * a full Master_Down_Interval, the case the target describes, for both daemons alike, instead of
 * a random fraction of an advert interval less.
 */
final class AdvertWatcher implements AutoCloseable {
    private final NetNamespace ns;
    private final VrrpSocket socket;
    private final Thread reader;
    private Inet4Address lastSource; // guarded by this
    private long lastNanos;
    private long count;
    private final java.util.Map<Inet4Address, Long> bySource = new java.util.HashMap<>(); // guarded by this

    private AdvertWatcher(NetNamespace ns, VrrpSocket socket) {
        this.ns = ns;
        this.socket = socket;
        this.reader = ns.startThread("adverts-" + ns.name(), this::read);
    }

    static AdvertWatcher open(String namespace, String ifname) {
        NetNamespace ns = NetNamespace.enter(namespace);
        try {
            VrrpSocket socket = ns.call(() -> VrrpSocket.multicast(ifname));
            return new AdvertWatcher(ns, socket);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    private void read() {
        byte[] buf = new byte[VrrpSocket.MAX_DATAGRAM];
        while (socket.isOpen()) {
            int n;
            try {
                n = socket.receive(buf, Duration.ofMillis(500));
            } catch (RuntimeException e) {
                return;
            }
            if (n == VrrpSocket.CLOSED) {
                return;
            }
            if (n <= 0) {
                continue;
            }
            long now = System.nanoTime();
            DecodeResult r = AdvertDecoder.datagram(buf, 0, n);
            if (r instanceof Received rx && rx.advert().priority() > 0) {
                synchronized (this) {
                    lastSource = rx.source();
                    lastNanos = now;
                    count++;
                    bySource.merge(rx.source(), 1L, Long::sum);
                    notifyAll();
                }
            }
        }
    }

    /**
     * Waits for the next live advert (priority above 0) from {@code source}.
     *
     * @return the time it arrived ({@link System#nanoTime()}), or -1 when none came within {@code timeout}
     */
    synchronized long awaitNextFrom(Inet4Address source, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = count;
        while (true) {
            if (count != seen && source.equals(lastSource)) {
                return lastNanos;
            }
            seen = count;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** How many live adverts (decodable, priority above 0, any VRID) from {@code source} were heard so far. */
    synchronized long count(Inet4Address source) {
        return bySource.getOrDefault(source, 0L);
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ns.close();
        }
    }
}
