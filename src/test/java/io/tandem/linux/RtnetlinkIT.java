package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Addresses and link state through rtnetlink inside a lab host, checked against iproute2's view. */
class RtnetlinkIT {
    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    @Test
    void anAddedAddressWithItsLabelShowsInIpAndDeleteRemovesIt() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Inet4Address vip = lab.subnet().address(100);
            Inet4Address vip2 = lab.subnet().address(101);
            try (NetNamespace ns = NetNamespace.enter(a.namespace()); Rtnetlink netlink = ns.call(Rtnetlink::open)) {
                int eth0 = netlink.link("eth0").index();
                assertThat(eth0).isEqualTo(ns.call(() -> LibC.ifNameToIndex("eth0")));

                netlink.addAddress(eth0, vip, 24, "eth0:vip");
                netlink.addAddress(eth0, vip2, 32, null);
                assertThat(ipAddr(a)).contains("inet " + vip.getHostAddress() + "/24 scope global secondary eth0:vip")
                        .contains("inet " + vip2.getHostAddress() + "/32 scope global eth0");
                List<LinkAddress> listed = netlink.addresses(eth0);
                assertThat(listed).extracting(LinkAddress::address).containsExactlyInAnyOrder(a.address(), vip, vip2);
                assertThat(listed.getFirst().address()).isEqualTo(a.address()); // primary first
                assertThat(listed.getFirst().secondary()).isFalse();
                assertThat(listed.getFirst().label()).isEqualTo("eth0");
                assertThat(find(listed, vip)).satisfies(v -> {
                    assertThat(v.prefixLength()).isEqualTo(24);
                    assertThat(v.label()).isEqualTo("eth0:vip");
                    assertThat(v.secondary()).isTrue();
                    assertThat(v.scope()).isZero();
                    assertThat(v.ifindex()).isEqualTo(eth0);
                    assertThat(v.flags() & LinkAddress.PERMANENT).isNotZero();
                });
                assertThat(find(listed, vip2).label()).isEqualTo("eth0");
                assertThat(find(listed, vip2).secondary()).isFalse(); // another prefix: primary of its own
                assertThat(netlink.addresses(1)).extracting(a1 -> a1.address().getHostAddress()).containsExactly("127.0.0.1");

                netlink.deleteAddress(eth0, vip, 24);
                netlink.deleteAddress(eth0, vip2, 32);
                assertThat(ipAddr(a)).doesNotContain(vip.getHostAddress()).doesNotContain(vip2.getHostAddress())
                        .contains(a.address().getHostAddress() + "/24");
                assertThat(netlink.addresses(eth0)).extracting(LinkAddress::address).containsExactly(a.address());
            }
        }
    }

    @Test
    void refusalsCarryTheKernelsErrno() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Inet4Address vip = lab.subnet().address(100);
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                Rtnetlink netlink = ns.call(Rtnetlink::open);
                int eth0 = netlink.link("eth0").index();
                netlink.addAddress(eth0, vip, 24, "eth0:vip");
                assertThatThrownBy(() -> netlink.addAddress(eth0, vip, 24, "eth0:vip"))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("EEXIST"))
                        .hasMessage("RTM_NEWADDR of " + vip.getHostAddress() + "/24 on interface #" + eth0
                                + " failed: EEXIST (File exists): kernel says \"ipv4: Address already assigned\": address in use");
                netlink.deleteAddress(eth0, vip, 24);
                assertThatThrownBy(() -> netlink.deleteAddress(eth0, vip, 24))
                        .isInstanceOfSatisfying(NativeCallException.class,
                                e -> assertThat(e.errnoName()).isEqualTo("EADDRNOTAVAIL"))
                        .hasMessageContaining("RTM_DELADDR of " + vip.getHostAddress() + "/24")
                        .hasMessageEndingWith("address not configured there");
                assertThatThrownBy(() -> netlink.addAddress(9999, vip, 24, null))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                        .hasMessageStartingWith("RTM_NEWADDR of " + vip.getHostAddress() + "/24 on interface #9999 failed: ENODEV")
                        .hasMessageEndingWith("interface missing");
                // interface index 0 is what the daemon's start-up rehearsal of a takeover uses: refused, nothing added
                assertThatThrownBy(() -> netlink.addAddress(0, vip, 24, "eth0:vip"))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"));
                assertThat(ipAddr(a)).doesNotContain(vip.getHostAddress());
                assertThatThrownBy(() -> netlink.link("nosuch0"))
                        .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                        .hasMessageStartingWith("RTM_GETLINK for nosuch0 failed: ENODEV");
                assertThatThrownBy(() -> netlink.link(9999)).isInstanceOf(NativeCallException.class)
                        .hasMessageContaining("ENODEV");
                assertThatThrownBy(() -> netlink.addAddress(eth0, vip, 33, null)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> netlink.addAddress(eth0, vip, 24, "a-label-too-long"))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(netlink.addresses(9999)).isEmpty();
                netlink.close();
                netlink.close();
                assertThatThrownBy(() -> netlink.addresses(eth0)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    /** At start-up the daemon finds VIPs an earlier run (or keepalived) left behind and removes them. */
    @Test
    void addressesLeftByOthersAreListedAndCanBeRemoved() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            String vip = lab.subnet().address(100).getHostAddress();
            a.execOrThrow("ip", "addr", "add", vip + "/24", "dev", "eth0", "label", "eth0:old");
            try (NetNamespace ns = NetNamespace.enter(a.namespace()); Rtnetlink netlink = ns.call(Rtnetlink::open)) {
                int eth0 = netlink.link("eth0").index();
                LinkAddress stale = netlink.addresses(eth0).stream()
                        .filter(x -> x.address().getHostAddress().equals(vip)).findFirst().orElseThrow();
                assertThat(stale.label()).isEqualTo("eth0:old");
                netlink.deleteAddress(stale.ifindex(), stale.address(), stale.prefixLength());
                assertThat(ipAddr(a)).doesNotContain(vip);
            }
        }
    }

    @Test
    void linkStateFollowsTheInterface() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            try (NetNamespace ns = NetNamespace.enter(a.namespace()); Rtnetlink netlink = ns.call(Rtnetlink::open)) {
                Link eth0 = netlink.link("eth0");
                assertThat(eth0.isUp()).isTrue();
                assertThat(eth0.administrativelyUp()).isTrue();
                assertThat(eth0.operState()).isEqualTo(Link.OperState.UP);
                assertThat(eth0.macString()).isEqualTo(a.macAddress());
                assertThat(eth0.mtu()).isEqualTo(1500);
                assertThat(netlink.link(eth0.index())).isEqualTo(eth0);

                a.linkDown();
                Link down = netlink.link(eth0.index());
                assertThat(down.isUp()).isFalse();
                assertThat(down.administrativelyUp()).isFalse();
                assertThat(down.operState()).isEqualTo(Link.OperState.DOWN);
                a.linkUp();
                Await.until(Duration.ofSeconds(5), () -> netlink.link("eth0").isUp(), () -> "eth0 not up again");
                assertThat(netlink.link("eth0").operState()).isEqualTo(Link.OperState.UP);

                a.addInterface("eth1");
                assertThat(netlink.link("eth1").name()).isEqualTo("eth1");
                assertThat(netlink.link("lo").mac()).containsOnly(0);
            }
        }
    }

    /**
     * A measurement, not a timed assertion: add + delete of one VIP through rtnetlink against
     * running {@code ip -n NS addr add/del} as a process. Prints the numbers.
     */
    @Test
    void latencyOfAddAndDeleteAgainstIpAsAProcess() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            Inet4Address vip = lab.subnet().address(100);
            String vipText = vip.getHostAddress() + "/24";
            int rounds = 2_000;
            long[] add = new long[rounds];
            long[] delete = new long[rounds];
            try (NetNamespace ns = NetNamespace.enter(a.namespace()); Rtnetlink netlink = ns.call(Rtnetlink::open)) {
                int eth0 = netlink.link("eth0").index();
                for (int i = -200; i < rounds; i++) { // 200 rounds of warm-up
                    long t0 = System.nanoTime();
                    netlink.addAddress(eth0, vip, 24, "eth0:vip");
                    long t1 = System.nanoTime();
                    netlink.deleteAddress(eth0, vip, 24);
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        add[i] = t1 - t0;
                        delete[i] = t2 - t1;
                    }
                }
            }
            int processRounds = 50;
            long[] ipAdd = new long[processRounds];
            long[] ipDelete = new long[processRounds];
            for (int i = -5; i < processRounds; i++) {
                long t0 = System.nanoTime();
                ip(a, "addr", "add", vipText, "dev", "eth0", "label", "eth0:vip");
                long t1 = System.nanoTime();
                ip(a, "addr", "del", vipText, "dev", "eth0");
                long t2 = System.nanoTime();
                if (i >= 0) {
                    ipAdd[i] = t1 - t0;
                    ipDelete[i] = t2 - t1;
                }
            }
            String report = String.format(
                    "[linux] VIP add/delete latency, median (p90, p99) over %d rounds:%n"
                            + "  rtnetlink add %s, delete %s%n"
                            + "  `ip -n NS addr add` process %s, `ip -n NS addr del` %s (%d rounds)%n"
                            + "  ratio (process / rtnetlink, medians): add %.0fx, delete %.0fx",
                    rounds, stats(add), stats(delete), stats(ipAdd), stats(ipDelete), processRounds,
                    (double) percentile(ipAdd, 50) / percentile(add, 50),
                    (double) percentile(ipDelete, 50) / percentile(delete, 50));
            System.out.println(report);
            assertThat(ipAddr(a)).doesNotContain(vip.getHostAddress());
        }
    }

    private static String stats(long[] nanos) {
        return micros(percentile(nanos, 50)) + " (" + micros(percentile(nanos, 90)) + ", " + micros(percentile(nanos, 99)) + ")";
    }

    private static String micros(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.2f ms", nanos / 1e6) : String.format("%.1f µs", nanos / 1e3);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    /** {@code ip -n NS ...} as a process from this JVM: {@code ip} enters the namespace itself. */
    private static void ip(Host host, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", host.namespace()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
    }

    private static String ipAddr(Host host) {
        return host.execOrThrow("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout();
    }

    private static LinkAddress find(List<LinkAddress> addresses, Inet4Address address) {
        return addresses.stream().filter(x -> x.address().equals(address)).findFirst().orElseThrow();
    }
}
