package io.tandem.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
        byte[] data = hex("0001f203f4f5f6f7");
        assertThat(Checksum.add(0, data, 0, data.length)).isEqualTo(0xddf2);
        assertThat(Checksum.of(data)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        assertThat(Checksum.add(0, hex("ab"), 0, 1)).isEqualTo(0xab00);
        assertThat(Checksum.of(hex("0001f203f4f5f6f7ab"))).isEqualTo(Checksum.of(hex("0001f203f4f5f6f7ab00")));
        assertThat(Checksum.of(hex("0001f203f4f5f6f7ab"))).isEqualTo(~(0xddf2 + 0xab00 - 0xffff) & 0xffff);
    }

    @Test
    void emptyDataSumsToZero() {
        assertThat(Checksum.add(0, new byte[0], 0, 0)).isZero();
        assertThat(Checksum.of(new byte[0])).isEqualTo(0xffff);
    }

    @Test
    void carriesFoldBackIntoTheLowBits() {
        byte[] ones = new byte[1000];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(Checksum.add(0, ones, 0, ones.length)).isEqualTo(0xffff);
        assertThat(Checksum.add(0, hex("ffff0001"), 0, 4)).isEqualTo(0x0001);
    }

    @Test
    void evenPiecesChainToTheSumOfTheWhole() {
        byte[] data = hex("45c0002800010000ff70cfbe0ac9000be0000012");
        int whole = Checksum.add(0, data, 0, data.length);
        int chained = Checksum.add(Checksum.add(Checksum.add(0, data, 0, 6), data, 6, 10), data, 16, 4);
        assertThat(chained).isEqualTo(whole);
    }

    @Test
    void dataCarryingItsChecksumVerifies() {
        // The IP header of keepalived's first v2 advert, checksum cfbe included.
        byte[] header = hex("45c0002800010000ff70cfbe0ac9000be0000012");
        assertThat(Checksum.verifies(Checksum.add(0, header, 0, header.length))).isTrue();
        header[10] = 0;
        header[11] = 0;
        assertThat(Checksum.of(header)).isEqualTo(0xcfbe);
        header[19] ^= 1;
        assertThat(Checksum.verifies(Checksum.add(0, header, 0, header.length))).isFalse();
    }

    @Test
    void offsetAndLengthSelectTheRange() {
        byte[] framed = hex("eeee0001f203f4f5f6f7eeee");
        assertThat(Checksum.of(framed, 2, 8)).isEqualTo(0x220d);
    }
}
