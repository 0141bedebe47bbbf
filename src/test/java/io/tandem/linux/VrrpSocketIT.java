package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Capture;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.vrrp.Advert;
import io.tandem.vrrp.AdvertDecoder;
import io.tandem.vrrp.AdvertEncoder;
import io.tandem.vrrp.Auth;
import io.tandem.vrrp.DecodeResult;
import io.tandem.vrrp.Ipv4;
import io.tandem.vrrp.Received;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VRRP over real raw sockets between lab hosts, and against real keepalived 2.2. */
class VrrpSocketIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HexFormat HEX = HexFormat.of();

    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    @Test
    void aMulticastAdvertReachesThePeerWholeWithTtl255AndDecodes() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            try (NetNamespace nsA = NetNamespace.enter(a.namespace());
                    NetNamespace nsB = NetNamespace.enter(b.namespace());
                    VrrpSocket socketA = nsA.call(() -> VrrpSocket.multicast("eth0"));
                    VrrpSocket socketB = nsB.call(() -> VrrpSocket.multicast("eth0"));
                    VrrpSocket unicastB = nsB.call(() -> VrrpSocket.unicast("eth0"))) {
                Inet4Address vip = lab.subnet().address(100);
                Advert advert = Advert.v3(51, 150, Duration.ofSeconds(1), List.of(vip));
                byte[] sent = AdvertEncoder.datagram(advert, a.address(), Ipv4.VRRP_GROUP, 1);
                socketA.send(sent);

                byte[] buffer = new byte[VrrpSocket.MAX_DATAGRAM];
                int n = socketB.receive(buffer, WAIT);
                assertThat(n).as("datagram length").isEqualTo(sent.length);
                assertThat(HEX.formatHex(buffer, 0, n)).isEqualTo(HEX.formatHex(sent)); // the kernel changed nothing
                DecodeResult decoded = AdvertDecoder.datagram(buffer, 0, n);
                assertThat(decoded).isInstanceOfSatisfying(Received.class, r -> {
                    assertThat(r.advert()).isEqualTo(advert);
                    assertThat(r.source()).isEqualTo(a.address());
                    assertThat(r.destination()).isEqualTo(Ipv4.VRRP_GROUP);
                    assertThat(r.ttl()).isEqualTo(255);
                });
                assertThat(buffer[1] & 0xff).as("TOS").isEqualTo(0xc0);
                // the sender does not hear itself (IP_MULTICAST_LOOP 0), a socket without membership
                // hears no multicast (IP_MULTICAST_ALL 0)
                assertThat(socketA.receive(buffer, Duration.ofMillis(300))).isEqualTo(VrrpSocket.TIMED_OUT);
                assertThat(unicastB.receive(buffer, Duration.ofMillis(300))).isEqualTo(VrrpSocket.TIMED_OUT);

                // a buffer too small gets the start, and the decoder sees the cut
                socketA.send(AdvertEncoder.datagram(advert, a.address(), Ipv4.VRRP_GROUP, 2));
                byte[] small = new byte[24];
                assertThat(socketB.receive(small, WAIT)).isEqualTo(24);
                assertThat(AdvertDecoder.datagram(small).toString()).contains("TRUNCATED");

                // a zero timeout takes what is queued and does not wait otherwise
                assertThat(socketB.receive(buffer, Duration.ZERO)).isEqualTo(VrrpSocket.TIMED_OUT);
                socketA.send(sent);
                Thread.sleep(200);
                assertThat(socketB.receive(buffer, Duration.ZERO)).isEqualTo(sent.length);
            }
        }
    }

    @Test
    void aUnicastAdvertReachesThePeersAddress() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            try (NetNamespace nsA = NetNamespace.enter(a.namespace());
                    NetNamespace nsB = NetNamespace.enter(b.namespace());
                    VrrpSocket socketA = nsA.call(() -> VrrpSocket.unicast("eth0"));
                    VrrpSocket socketB = nsB.call(() -> VrrpSocket.unicast("eth0"))) {
                Advert advert = Advert.v2(7, 200, Duration.ofSeconds(1), List.of(lab.subnet().address(77)),
                        Auth.password("s3cret"));
                byte[] sent = AdvertEncoder.datagram(advert, a.address(), b.address(), 1);
                socketA.send(sent);
                byte[] buffer = new byte[VrrpSocket.MAX_DATAGRAM];
                int n = socketB.receive(buffer, WAIT);
                assertThat(Arrays.copyOf(buffer, Math.max(n, 0))).isEqualTo(sent);
                assertThat(AdvertDecoder.datagram(buffer, 0, n)).isInstanceOfSatisfying(Received.class, r -> {
                    assertThat(r.advert()).isEqualTo(advert);
                    assertThat(r.source()).isEqualTo(a.address());
                    assertThat(r.destination()).isEqualTo(b.address());
                    assertThat(r.ttl()).isEqualTo(255);
                });
            }
        }
    }

    @Test
    void closeWakesABlockedReceiveAndEndsTheSocket() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"));
                CompletableFuture<Integer> received = new CompletableFuture<>();
                Thread reader = Thread.ofPlatform().name("vrrp-reader").start(
                        () -> received.complete(socket.receive(new byte[VrrpSocket.MAX_DATAGRAM])));
                Thread.sleep(200);
                assertThat(received).isNotDone();
                socket.close();
                assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(VrrpSocket.CLOSED);
                reader.join();
                assertThat(socket.isOpen()).isFalse();
                assertThat(socket.receive(new byte[100], Duration.ofSeconds(1))).isEqualTo(VrrpSocket.CLOSED);
                byte[] datagram = AdvertEncoder.datagram(Advert.v3(1, 100, Duration.ofSeconds(1), List.of(a.address())),
                        a.address(), Ipv4.VRRP_GROUP, 1);
                assertThatThrownBy(() -> socket.send(datagram)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed");
                socket.close(); // idempotent
            }
        }
    }

    @Test
    void errorsNameTheCallAndTheCause() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                assertThatThrownBy(() -> ns.call(() -> VrrpSocket.multicast("nosuch0")))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errno()).isEqualTo(19))
                        .hasMessage("if_nametoindex for nosuch0 failed: ENODEV (No such device): interface missing");
                try (VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"))) {
                    assertThatThrownBy(() -> socket.send(new byte[] {0x60, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
                    byte[] datagram = AdvertEncoder.datagram(Advert.v3(1, 100, Duration.ofSeconds(1), List.of(a.address())),
                            a.address(), Ipv4.VRRP_GROUP, 1);
                    a.linkDown();
                    assertThatThrownBy(() -> socket.send(datagram)).isInstanceOf(NativeCallException.class)
                            .hasMessageStartingWith("sendto to 224.0.0.18 on eth0 failed: ENETUNREACH (Network is unreachable): no route")
                            .satisfies(e -> System.out.println("[linux] send on a down interface: " + e.getMessage()));
                }
            }
        }
    }

    /**
     * keepalived in host a becomes MASTER alone and sends its first advert (IP ID 1); then it stops
     * and Tandem sends the same advert from the same host. The two frames, as host b's tcpdump sees
     * them, are identical: Ethernet header, IP header (TOS, ID, TTL, checksum) and VRRPv3 message.
     */
    @Test
    void ourAdvertIsByteForByteKeepalivedsOnTheWire() throws Exception {
        assumeTrue(Keepalived.isInstalled(), "needs Debian's keepalived");
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            Inet4Address vip = lab.subnet().address(100);
            Capture capture = b.capture("vrrp");
            LabProcess keepalived = Keepalived.start(a, 51, 150, vip.getHostAddress(), "version 3");
            Await.until(Duration.ofSeconds(15), () -> frames(capture).size() >= 1,
                    () -> "keepalived sent no advert; log:\n" + keepalived.tail(30));
            keepalived.terminate();
            int before = frames(capture).size();

            try (NetNamespace ns = NetNamespace.enter(a.namespace()); VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"))) {
                socket.send(AdvertEncoder.datagram(Advert.v3(51, 150, Duration.ofSeconds(1), List.of(vip)), a.address(),
                        Ipv4.VRRP_GROUP, 1));
            }
            Await.until(WAIT, () -> frames(capture).size() > before, () -> "our advert not captured");
            List<byte[]> frames = frames(capture.stop());
            byte[] theirs = frames.getFirst();
            byte[] ours = frames.getLast();
            assertThat(theirs[18] << 8 | theirs[19] & 0xff).as("keepalived's first IP ID").isEqualTo(1);
            assertThat(HEX.formatHex(ours)).isEqualTo(HEX.formatHex(theirs));
            System.out.println("[linux] keepalived's first advert and ours, as captured: " + HEX.formatHex(ours));
        }
    }

    /**
     * keepalived (priority 100) in host b hears our adverts (priority 150, VRRPv2 with PASS auth) and
     * stays BACKUP past its master-down interval; our priority-0 advert makes it take over at once,
     * and we receive and decode its adverts.
     */
    @Test
    void keepalivedStaysBackupUnderOurAdvertsAndWeDecodeItsAdvertsAfterWeStop() throws Exception {
        assumeTrue(Keepalived.isInstalled(), "needs Debian's keepalived");
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            Inet4Address vip = lab.subnet().address(100);
            Auth auth = Auth.password("s3cret");
            Advert ours = Advert.v2(51, 150, Duration.ofSeconds(1), List.of(vip), auth);
            AtomicInteger ipId = new AtomicInteger();
            try (NetNamespace ns = NetNamespace.enter(a.namespace());
                    VrrpSocket socket = ns.call(() -> VrrpSocket.multicast("eth0"));
                    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor()) {
                sender.scheduleAtFixedRate(() -> socket.send(AdvertEncoder.datagram(ours, a.address(), Ipv4.VRRP_GROUP,
                        Ipv4.nextIdentification(ipId.getAndIncrement()))), 0, 1, TimeUnit.SECONDS);
                LabProcess keepalived = Keepalived.start(b, 51, 100, vip.getHostAddress(), """
                        authentication {
                            auth_type PASS
                            auth_pass s3cret
                        }""");
                keepalived.awaitLog("Entering BACKUP STATE", Duration.ofSeconds(10));
                Thread.sleep(6_000); // master-down interval: 3 x 1 s + skew (256 - 100) / 256 s = 3.6 s
                assertThat(keepalived.logText()).doesNotContain("Entering MASTER STATE");
                assertThat(b.execOrThrow("ip", "-o", "-4", "addr", "show", "eth0").stdout()).doesNotContain(vip.getHostAddress());

                sender.shutdownNow();
                sender.awaitTermination(5, TimeUnit.SECONDS);
                long stoppedAt = System.nanoTime();
                socket.send(AdvertEncoder.datagram(ours.withPriority(Advert.PRIORITY_STOP), a.address(), Ipv4.VRRP_GROUP,
                        Ipv4.nextIdentification(ipId.get())));

                byte[] buffer = new byte[VrrpSocket.MAX_DATAGRAM];
                int n = socket.receive(buffer, WAIT);
                long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
                assertThat(n).as("an advert from keepalived; log:\n%s", keepalived.tail(20)).isPositive();
                Received theirs = (Received) AdvertDecoder.datagram(buffer, 0, n);
                assertThat(theirs.advert()).isEqualTo(Advert.v2(51, 100, Duration.ofSeconds(1), List.of(vip), auth));
                assertThat(theirs.source()).isEqualTo(b.address());
                assertThat(theirs.destination()).isEqualTo(Ipv4.VRRP_GROUP);
                assertThat(theirs.ttl()).isEqualTo(255);
                keepalived.awaitLog("Entering MASTER STATE", WAIT);
                keepalived.awaitLogContains("(VI_1) Backup received priority 0 advertisement");
                System.out.println("[linux] keepalived took over " + tookMillis + " ms after our priority-0 advert; log:\n"
                        + keepalived.tail(12));
                // the second advert: keepalived's IP ID goes on from 1
                n = socket.receive(buffer, WAIT);
                assertThat(AdvertDecoder.datagram(buffer, 0, n)).isInstanceOf(Received.class);
                assertThat((buffer[4] & 0xff) << 8 | buffer[5] & 0xff).isEqualTo(2);
            }
        }
    }

    private static List<byte[]> frames(Capture capture) {
        try {
            return Pcap.frames(capture.path());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
