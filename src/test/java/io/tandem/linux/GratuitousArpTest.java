package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The frame is keepalived 2.2.7's, byte for byte (shared/vectors, "ka2 gratuitous ARP for VIP"). */
class GratuitousArpTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void frameEqualsKeepalivedsCapturedGarp() throws Exception {
        byte[] ka2Mac = HEX.parseHex("02000ac9000c");
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.201.0.100");
        assertThat(HEX.formatHex(GratuitousArp.frame(ka2Mac, vip)))
                .isEqualTo("ffffffffffff02000ac9000c0806000108000604000102000ac9000c0ac90064ffffffffffff0ac90064");
        assertThat(GratuitousArp.frame(ka2Mac, vip)).hasSize(GratuitousArp.FRAME_LENGTH);
    }

    @Test
    void aMacHasSixBytes() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.0.0.1");
        assertThatThrownBy(() -> GratuitousArp.frame(new byte[5], vip)).isInstanceOf(IllegalArgumentException.class);
    }
}
