package io.tandem.daemon;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Capture;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual addresses on another interface than the instance's ({@code dev IF}). */
class VrrpAddressesIT {
    private VrrpLab v;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        v = new VrrpLab();
        for (Host h : new Host[] {v.db1, v.db2}) {
            h.addInterface("eth1");
            h.execOrThrow("ip", "addr", "add", secondSubnet(10 + h.index()) + "/24", "dev", "eth1");
        }
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    private String secondSubnet(int lastOctet) {
        return "10.232." + v.lab.subnet().thirdOctet() + "." + lastOctet;
    }

    /** The MAC address of {@code ifname} in {@code h}. */
    private static String mac(Host h, String ifname) {
        String line = h.execOrThrow("ip", "-o", "link", "show", ifname).stdout();
        int at = line.indexOf("link/ether ") + "link/ether ".length();
        return line.substring(at, at + 17);
    }

    @Test
    void anAddressWithDevIsAddedAndAnnouncedOnThatInterface() throws Exception {
        String onEth1 = secondSubnet(100);
        // Both interfaces hang on the lab's one bridge, so every host sees every ARP: the sender's
        // MAC address (tcpdump -e) tells which interface of db1 sent it.
        Capture arp = v.db2.capture("eth0", "arp");
        String conf = v.conf(v.db1, 150, 3, "", "").replace(v.vip + "/24 label eth0:vip",
                v.vip + "/24 label eth0:vip\n        " + onEth1 + "/24 dev eth1");
        LabProcess t = v.tandem(v.db1, conf);
        VrrpLab.await(() -> v.holdsVip(v.db1) && VrrpLab.holdsAddress(v.db1, "eth1", onEth1), () -> t.tail(20));
        String eth0 = mac(v.db1, "eth0");
        String eth1 = mac(v.db1, "eth1");
        VrrpLab.await(() -> arp.read("-e").stream().anyMatch(l -> l.startsWith(eth1 + " > ", l.indexOf(' ') + 1)
                        && l.contains("who-has " + onEth1 + " ") && l.contains("tell " + onEth1 + ",")),
                () -> "no gratuitous ARP for " + onEth1 + " from eth1 (" + eth1 + "): " + arp.read("-e"));
        VrrpLab.await(() -> arp.read("-e").stream().anyMatch(l -> l.startsWith(eth0 + " > ", l.indexOf(' ') + 1)
                        && l.contains("tell " + v.vip + ",")),
                () -> "no gratuitous ARP for " + v.vip + " from eth0 (" + eth0 + "): " + arp.read("-e"));
        org.assertj.core.api.Assertions.assertThat(arp.read("-e")).as("no ARP for the eth1 address from eth0")
                .noneMatch(l -> l.startsWith(eth0 + " > ", l.indexOf(' ') + 1) && l.contains("tell " + onEth1 + ","));
    }
}
