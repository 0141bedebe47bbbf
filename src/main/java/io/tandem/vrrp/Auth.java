package io.tandem.vrrp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The authentication an advert carries. VRRPv2 has an Auth Type byte and 8 bytes of Authentication
 * Data (RFC 3768 §5.1); VRRPv3 has neither (RFC 5798 §5.1 dropped them, §9 says why).
 *
 * <p>RFC 3768 §5.3.6 reserves types 1 and 2, which RFC 2338 §5.3.6 had defined as simple text
 * password and IP Authentication Header. keepalived 2.2 still sends and checks type 1
 * ({@code auth_type PASS}), so Tandem speaks it; type 2 would travel as IP protocol 51, not 112,
 * and is not supported.
 *
 * <p>The 8 data bytes are kept raw so that a decoded advert encodes back to the same bytes.
 * {@link #toString()} never shows them.
 */
public sealed interface Auth {
    /** RFC 3768 §5.1: Authentication Data is two 32-bit words. */
    int DATA_LENGTH = 8;
    /** RFC 3768 §5.3.6: Auth Type 0, no authentication. */
    int TYPE_NONE = 0;
    /** RFC 2338 §5.3.6: Auth Type 1, simple text password (reserved by RFC 3768 §5.3.6). */
    int TYPE_SIMPLE_TEXT = 1;

    /** VRRPv3: nothing on the wire. */
    Absent ABSENT = new Absent();
    /** VRRPv2 Auth Type 0 with the zero data RFC 3768 §5.3.10 asks senders to put there. */
    None NONE = new None(new byte[DATA_LENGTH]);

    /**
     * VRRPv2 Auth Type 1 with keepalived's {@code auth_pass} rule: the password's bytes, cut to 8
     * and padded with NULs (keepalived's parser truncates to {@code sizeof auth_data} and warns).
     */
    static SimpleText password(String password) {
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        return new SimpleText(Arrays.copyOf(raw, DATA_LENGTH));
    }

    /** VRRPv3 adverts: no Auth Type and no Authentication Data on the wire. */
    record Absent() implements Auth {
        @Override
        public String toString() {
            return "absent";
        }
    }

    /**
     * VRRPv2 Auth Type 0. RFC 3768 §5.3.10: the data SHOULD be zero on transmission and is ignored
     * on reception; a peer's non-zero bytes are kept only to re-encode byte-exact.
     */
    record None(byte[] data) implements Auth {
        public None {
            data = checkedCopy(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof None other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return Arrays.equals(data, new byte[DATA_LENGTH]) ? "none" : "none(non-zero data hidden)";
        }
    }

    /** VRRPv2 Auth Type 1: the 8 bytes are the password, NUL-padded. */
    record SimpleText(byte[] data) implements Auth {
        public SimpleText {
            data = checkedCopy(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SimpleText other && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "PASS(hidden)";
        }
    }

    private static byte[] checkedCopy(byte[] data) {
        if (data.length != DATA_LENGTH) {
            throw new IllegalArgumentException("VRRPv2 authentication data is " + DATA_LENGTH + " bytes, not " + data.length);
        }
        return data.clone();
    }
}
