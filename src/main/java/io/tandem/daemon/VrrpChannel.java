package io.tandem.daemon;

import io.tandem.linux.VrrpSocket;
import io.tandem.vrrp.Accepted;
import io.tandem.vrrp.Acceptance;
import io.tandem.vrrp.AdvertDecoder;
import io.tandem.vrrp.Rejected;
import io.tandem.vrrp.Verdict;
import java.lang.System.Logger.Level;
import io.tandem.status.ChannelView;
import io.tandem.vrrp.DecodeResult;
import io.tandem.vrrp.Reason;
import io.tandem.vrrp.Received;
import java.util.concurrent.atomic.AtomicLongArray;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One VRRP socket on one interface (multicast, or unicast for instances with peers) and the
 * platform thread that reads it. Datagrams are decoded and checked against the instances on this
 * socket right on the reader thread (pure, cheap); only accepted adverts are posted to the control
 * loop, rejections are counted and logged rate-limited. A malformed packet can never reach the
 * state machines or stop the reader.
 */
final class VrrpChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VrrpChannel.class.getName());

    private final VrrpSocket socket;
    private final Acceptance acceptance;
    private final Consumer<Accepted> sink;
    private final RejectionLog rejections;
    private final Thread reader;
    private final String name;
    private final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLongArray> perVrid = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param name for the status output: interface and delivery, e.g. {@code eth0/multicast} */
    VrrpChannel(String name, VrrpSocket socket, Acceptance acceptance, Consumer<Accepted> sink) {
        this.name = name;
        this.socket = socket;
        this.acceptance = acceptance;
        this.sink = sink;
        this.rejections = new RejectionLog(socket.toString());
        this.reader = Thread.ofPlatform().daemon().name("vrrp-rx-" + socket.interfaceName()).unstarted(this::read);
    }

    VrrpChannel start() {
        reader.start();
        return this;
    }

    VrrpSocket socket() {
        return socket;
    }

    RejectionLog rejections() {
        return rejections;
    }

    /** The adverts for {@code vrid} dropped because they disagree with its instance, per reason. Any thread. */
    Map<String, Long> instanceDrops(int vrid) {
        AtomicLongArray counts = perVrid.get(vrid);
        Map<String, Long> out = new LinkedHashMap<>();
        if (counts != null) {
            for (Reason r : Reason.values()) {
                long n = counts.get(r.ordinal());
                if (n > 0) {
                    out.put(r.name(), n);
                }
            }
        }
        return out;
    }

    /** The packets dropped on this socket so far, per reason. Any thread. */
    ChannelView view() {
        Map<String, Long> drops = new LinkedHashMap<>();
        rejections.counts().forEach((r, n) -> drops.put(r.name(), n));
        return new ChannelView(name, socket.interfaceName(), drops);
    }

    private void read() {
        byte[] buf = new byte[VrrpSocket.MAX_DATAGRAM];
        while (socket.isOpen()) {
            int n;
            try {
                n = socket.receive(buf, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                if (!socket.isOpen()) {
                    return;
                }
                LOG.log(Level.ERROR, "receive on " + socket + " failed; retrying", e);
                sleepQuietly();
                continue;
            }
            if (n == VrrpSocket.CLOSED) {
                return;
            }
            if (n == VrrpSocket.TIMED_OUT) {
                continue;
            }
            try {
                DecodeResult decoded = AdvertDecoder.datagram(buf, 0, n);
                Verdict v = acceptance.check(decoded);
                switch (v) {
                    case Accepted a -> sink.accept(a);
                    case Rejected r -> {
                        rejections.count(r);
                        // a well-formed advert for a VRID of ours that disagrees with its configuration
                        // counts for that instance too, as keepalived counts per instance
                        if (decoded instanceof Received got && r.reason() != Reason.UNKNOWN_VRID) {
                            perVrid.computeIfAbsent(got.advert().vrid(), k -> new AtomicLongArray(Reason.values().length))
                                    .incrementAndGet(r.reason().ordinal());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the decoder never throws on bytes; if it ever does, the packet is dropped, not the reader
                LOG.log(Level.ERROR, "unexpected failure handling a packet on " + socket, e);
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
