package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Capture;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gratuitous ARP from a lab host, compared on the wire with keepalived's. */
class GratuitousArpIT {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    /**
     * keepalived in host a takes the VIP and sends its gratuitous ARPs; it stops, and we send ours
     * for the same VIP from the same host. Host b's tcpdump sees identical frames, equal to the
     * frame keepalived's vectors describe.
     */
    @Test
    void ourGarpIsByteForByteKeepalivedsOnTheWire() throws Exception {
        assumeTrue(Keepalived.isInstalled(), "needs Debian's keepalived");
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Host b = lab.addHost("b");
            Inet4Address vip = lab.subnet().address(100);
            byte[] mac = HEX.parseHex(a.macAddress().replace(":", ""));
            String expected = HEX.formatHex(GratuitousArp.frame(mac, vip));
            assertThat(expected).isEqualTo("ffffffffffff" + HEX.formatHex(mac) + "0806000108000604" + "0001"
                    + HEX.formatHex(mac) + HEX.formatHex(vip.getAddress()) + "ffffffffffff" + HEX.formatHex(vip.getAddress()));

            Capture capture = b.capture("arp");
            LabProcess keepalived = Keepalived.start(a, 51, 150, vip.getHostAddress(), "");
            Await.until(Duration.ofSeconds(15), () -> garps(capture, vip).size() >= 5,
                    () -> "keepalived sent no gratuitous ARPs; log:\n" + keepalived.tail(30));
            keepalived.terminate();
            List<byte[]> theirs = garps(capture, vip);

            try (NetNamespace ns = NetNamespace.enter(a.namespace()); GratuitousArp garp = ns.call(() -> GratuitousArp.open("eth0"))) {
                assertThat(garp.macAddress()).isEqualTo(mac);
                assertThat(garp.interfaceIndex()).isEqualTo(ns.call(() -> LibC.ifNameToIndex("eth0")));
                for (int i = 0; i < 50; i++) {
                    garp.rehearse(vip);   // refused by the kernel before anything leaves: the count below shows it
                }
                for (int i = 0; i < 3; i++) {
                    garp.send(vip);
                }
            }
            Await.until(Duration.ofSeconds(5), () -> garps(capture, vip).size() >= theirs.size() + 3,
                    () -> "our gratuitous ARPs not captured");
            List<byte[]> all = garps(capture.stop(), vip);
            assertThat(all).hasSize(theirs.size() + 3);
            assertThat(all).extracting(HEX::formatHex).containsOnly(expected);
            assertThat(HEX.formatHex(all.getLast())).isEqualTo(HEX.formatHex(theirs.getFirst()));
            System.out.println("[linux] " + theirs.size() + " keepalived GARPs and 3 of ours, all " + expected);
        }
    }

    @Test
    void errorsNameTheCallAndTheCause() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Inet4Address vip = lab.subnet().address(100);
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                assertThatThrownBy(() -> ns.call(() -> GratuitousArp.open("nosuch0")))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                        .hasMessageEndingWith("interface missing");
                assertThatThrownBy(() -> ns.call(() -> GratuitousArp.open("lo"))).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("lo is not Ethernet");
                GratuitousArp garp = ns.call(() -> GratuitousArp.open("eth0"));
                a.linkDown();
                assertThatThrownBy(() -> garp.send(vip))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENETDOWN"))
                        .hasMessage("sendto of gratuitous ARP for " + vip.getHostAddress()
                                + " on eth0 failed: ENETDOWN (Network is down): interface down");
                a.linkUp();
                garp.send(vip);
                garp.close();
                assertThatThrownBy(() -> garp.send(vip)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    /** The captured ARP frames whose sender address is {@code vip}. */
    private static List<byte[]> garps(Capture capture, Inet4Address vip) {
        try {
            return Pcap.frames(capture.path()).stream()
                    .filter(f -> f.length >= 42 && Arrays.equals(f, 28, 32, vip.getAddress(), 0, 4))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
