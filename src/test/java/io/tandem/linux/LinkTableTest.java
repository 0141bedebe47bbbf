package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Link notifications as the kernel lays them out, built by hand, turned into watched names' states. */
class LinkTableTest {
    private static final int UP_RUNNING = Link.IFF_UP | Link.IFF_RUNNING | Link.IFF_LOWER_UP;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_OPERSTATE = 16;

    private final LinkTable table = new LinkTable(Set.of("eth0", "eth1"));

    @Test
    void newLinkReportsTheWatchedNameWithUpAsLinkIsUpCountsIt() {
        assertThat(table.apply(datagram(newLink(2, "eth0", UP_RUNNING, 6)))).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("eth0");
            assertThat(s.up()).isTrue();
            assertThat(s.link().operState()).isEqualTo(Link.OperState.UP);
        });
        // administratively up without carrier (IFF_RUNNING clear): down, as for Link.isUp()
        assertThat(table.apply(datagram(newLink(2, "eth0", Link.IFF_UP, 2)))).singleElement()
                .satisfies(s -> assertThat(s.up()).isFalse());
        assertThat(table.apply(datagram(newLink(2, "eth0", 0, 2)))).singleElement()
                .satisfies(s -> assertThat(s.up()).isFalse());
    }

    @Test
    void otherInterfacesAndOtherMessageTypesAreSkipped() {
        assertThat(table.apply(datagram(newLink(7, "veth9", UP_RUNNING, 6)))).isEmpty();
        byte[] done = new NetlinkRequest(Rtnetlink.NLMSG_DONE, 0x2, 1).bytes();
        byte[] address = new NetlinkRequest(Rtnetlink.RTM_NEWADDR, 0, 0).ifaddrmsg(LibC.AF_INET, 24, 0, 0, 2).bytes();
        assertThat(table.apply(datagram(done, address))).isEmpty();
    }

    @Test
    void everyMessageOfAMultiPartDatagramCountsInOrder() {
        List<LinkState> states = table.apply(datagram(newLink(2, "eth0", UP_RUNNING, 6), newLink(9, "dummy0", 0, 2),
                newLink(3, "eth1", 0, 2), newLink(2, "eth0", 0, 2)));
        assertThat(states).extracting(s -> s.name() + " " + s.up()).containsExactly("eth0 true", "eth1 false", "eth0 false");
    }

    @Test
    void deleteLinkReportsTheNameAbsentAndDown() {
        table.apply(datagram(newLink(3, "eth1", UP_RUNNING, 6)));
        assertThat(table.apply(datagram(message(Rtnetlink.RTM_DELLINK, 3, "eth1", UP_RUNNING, 6)))).singleElement()
                .satisfies(s -> {
                    assertThat(s.present()).isFalse();
                    assertThat(s.up()).isFalse();
                });
    }

    @Test
    void aRenameReportsTheOldNameAbsentAndTheNewOnePresent() {
        table.apply(datagram(newLink(3, "eth1", UP_RUNNING, 6)));
        assertThat(table.apply(datagram(newLink(3, "wan0", UP_RUNNING, 6))))
                .extracting(s -> s.name() + " " + s.present()).containsExactly("eth1 false");
        assertThat(table.apply(datagram(newLink(3, "eth0", UP_RUNNING, 6))))
                .extracting(s -> s.name() + " " + s.present()).containsExactly("eth0 true");
    }

    @Test
    void aMalformedTailIsIgnoredAndTheMessagesBeforeItCount() {
        byte[] good = newLink(2, "eth0", UP_RUNNING, 6);
        byte[] bad = newLink(3, "eth1", 0, 2);
        ByteBuffer.wrap(bad).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 9999); // length past the datagram
        assertThat(table.apply(datagram(good, bad))).extracting(LinkState::name).containsExactly("eth0");
        assertThat(table.apply(ByteBuffer.wrap(new byte[7]))).isEmpty();
        byte[] shortPayload = new NetlinkRequest(Rtnetlink.RTM_NEWLINK, 0, 0).bytes(); // no ifinfomsg
        assertThat(table.apply(datagram(shortPayload))).isEmpty();
    }

    @Test
    void anOverrunMessageAsksForARereadAndTheRereadReportsEveryName() {
        assertThat(table.apply(datagram(new NetlinkRequest(LinkTable.NLMSG_OVERRUN, 0, 0).bytes()))).isNull();
        Map<String, Link> kernel = new HashMap<>();
        kernel.put("eth0", link(2, "eth0", 0));
        List<LinkState> states = table.reread(kernel::get);
        assertThat(states).extracting(s -> s.name() + " " + s.present() + " " + s.up())
                .containsExactly("eth0 true false", "eth1 false false");
    }

    @Test
    void aRereadRecordsTheIndexSoALaterRenameIsSeen() {
        table.reread(name -> name.equals("eth0") ? link(2, "eth0", UP_RUNNING) : null);
        assertThat(table.apply(datagram(newLink(2, "lan0", UP_RUNNING, 6))))
                .extracting(s -> s.name() + " " + s.present()).containsExactly("eth0 false");
        // and a DELLINK without a name still finds it by index
        table.reread(name -> name.equals("eth1") ? link(4, "eth1", UP_RUNNING) : null);
        assertThat(table.apply(datagram(message(Rtnetlink.RTM_DELLINK, 4, null, 0, 2))))
                .extracting(s -> s.name() + " " + s.present()).containsExactly("eth1 false");
    }

    private static Link link(int index, String name, int flags) {
        return new Link(index, name, flags, Link.OperState.UNKNOWN, new byte[0], 1500);
    }

    private static byte[] newLink(int index, String name, int flags, int operState) {
        return message(Rtnetlink.RTM_NEWLINK, index, name, flags, operState);
    }

    private static byte[] message(int type, int index, String name, int flags, int operState) {
        NetlinkRequest m = new NetlinkRequest(type, 0, 0).ifinfomsg(0, index, flags);
        if (name != null) {
            m.attribute(IFLA_IFNAME, name);
        }
        return m.attribute(IFLA_OPERSTATE, new byte[] {(byte) operState}).bytes();
    }

    private static ByteBuffer datagram(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }
}
