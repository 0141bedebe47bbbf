package io.tandem.bench;

import io.tandem.linux.NetNamespace;
import io.tandem.linux.VrrpSocket;
import io.tandem.vrrp.Advert;
import io.tandem.vrrp.AdvertEncoder;
import io.tandem.vrrp.Auth;
import io.tandem.vrrp.Ipv4;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Invalid VRRP adverts from a third host, as in {@code VrrpHardeningIT}: the issue says keepalived
 * 2.2.7 lets two of them a second silence its master. Each is multicast to 224.0.0.18 with TTL 255
 * and the pair's VRID, at priority 200, and fails exactly one check: the password (VRRPv2 with
 * {@code auth_type PASS}), the advert interval (twice the configured one), or the checksum.
 */
final class Flood {
    /** Which check the flooded adverts fail. */
    enum Kind {
        /** the three below in turn */
        MIXED("mixed"),
        PASSWORD("wrong password"),
        INTERVAL("wrong interval"),
        CHECKSUM("bad checksum");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Kind parse(String s) {
            return switch (s) {
                case "mixed" -> MIXED;
                case "password" -> PASSWORD;
                case "interval" -> INTERVAL;
                case "checksum" -> CHECKSUM;
                default -> throw new IllegalArgumentException("unknown flood kind " + s + " (mixed, password, interval, checksum)");
            };
        }
    }

    /** What one flood did to one pair. */
    record Result(DaemonKind daemon, Kind kind, int rate, Duration length, int sent, int hostChanges, double outageMs,
                  int failedProbes, long masterAdverts, long expectedAdverts, long backupAdverts, String note) {}

    private Flood() {}

    /**
     * The datagrams to send in turn; the password kind needs VRRPv2 with a password (empty list otherwise).
     */
    static List<byte[]> packets(Kind kind, Settings settings, Inet4Address source, Inet4Address vip) {
        List<Inet4Address> vips = List.of(vip);
        Duration interval = settings.advertInterval();
        Auth right = settings.password() == null ? Auth.NONE : Auth.password(settings.password());
        List<byte[]> out = new ArrayList<>();
        if ((kind == Kind.MIXED || kind == Kind.PASSWORD) && settings.password() != null) {
            out.add(datagram(settings, interval, vips, Auth.password("wrong"), source, 1));
        }
        if (kind == Kind.MIXED || kind == Kind.INTERVAL) {
            out.add(datagram(settings, interval.multipliedBy(2), vips, right, source, 2));
        }
        if (kind == Kind.MIXED || kind == Kind.CHECKSUM) {
            byte[] corrupt = datagram(settings, interval, vips, right, source, 3);
            corrupt[corrupt.length - 1] ^= 0x5a; // the VRRP checksum no longer matches
            out.add(corrupt);
        }
        return out;
    }

    private static byte[] datagram(Settings s, Duration interval, List<Inet4Address> vips, Auth auth, Inet4Address source, int id) {
        Advert advert = s.version() == 2
                ? Advert.v2(Settings.VRID, 200, interval, vips, auth)
                : Advert.v3(Settings.VRID, 200, interval, vips);
        return AdvertEncoder.datagram(advert, source, Ipv4.VRRP_GROUP, id);
    }

    /**
     * Sends {@code packets} in turn from {@code namespace}'s eth0, {@code rate} a second for {@code
     * length}, paced on the clock (not sleep-and-drift); bounded by the count {@code rate x seconds}.
     *
     * @return how many were sent
     */
    static int send(String namespace, List<byte[]> packets, int rate, Duration length) {
        long period = 1_000_000_000L / rate;
        long count = length.toNanos() / period;
        try (NetNamespace ns = NetNamespace.enter(namespace); VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"))) {
            long start = System.nanoTime();
            int sent = 0;
            for (long i = 0; i < count; i++) {
                long wait = start + i * period - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                socket.send(packets.get((int) (i % packets.size())));
                sent++;
            }
            long rest = start + length.toNanos() - System.nanoTime();
            if (rest > 0) {
                LockSupport.parkNanos(rest);
            }
            return sent;
        }
    }
}
