package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The request {@code ip addr add 10.0.0.100/24 dev #2 label eth0:vip} sends, laid out by hand. */
class NetlinkRequestTest {
    @Test
    void newaddrWithLabelIsLaidOutLikeIproute2s() {
        byte[] address = {10, 0, 0, 100};
        byte[] bytes = new NetlinkRequest(Rtnetlink.RTM_NEWADDR, 0x605, 7)
                .ifaddrmsg(LibC.AF_INET, 24, 0, 0, 2)
                .attribute(2, address)
                .attribute(1, address)
                .attribute(3, "eth0:vip")
                .bytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertThat(bytes).hasSize(16 + 8 + 8 + 8 + 16);
        assertThat(b.getInt(0)).isEqualTo(bytes.length);
        assertThat(b.getShort(4)).isEqualTo((short) 20);
        assertThat(b.getShort(6)).isEqualTo((short) 0x605); // REQUEST | ACK | EXCL | CREATE
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(b.getInt(12)).isZero();
        assertThat(HexFormat.of().formatHex(bytes, 16, 24)).isEqualTo("0218000002000000".substring(0, 8)
                + HexFormat.of().formatHex(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(2).array()));
        assertThat(b.getShort(24)).isEqualTo((short) 8);
        assertThat(b.getShort(26)).isEqualTo((short) 2);
        assertThat(HexFormat.of().formatHex(bytes, 28, 32)).isEqualTo("0a000064");
        assertThat(b.getShort(40)).isEqualTo((short) 13); // 4 + "eth0:vip" + NUL, padded to 16
        assertThat(new String(bytes, 44, 8)).isEqualTo("eth0:vip");
        assertThat(bytes[52]).isZero();
    }
}
