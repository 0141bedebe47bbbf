package io.tandem.vrrp;

import java.net.Inet4Address;

/** Dotted-quad literals for tests, without asking a resolver. */
final class Addresses {
    private Addresses() {}

    static Inet4Address of(int a, int b, int c, int d) {
        return ip(a + "." + b + "." + c + "." + d);
    }

    static Inet4Address ip(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(dottedQuad);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Ipv4.address(b, 0);
    }

    static final Inet4Address KA1 = ip("10.201.0.11");
    static final Inet4Address KA2 = ip("10.201.0.12");
    static final Inet4Address VIP = ip("10.201.0.100");
    static final Inet4Address VIP2 = ip("10.201.0.101");
    static final Inet4Address GROUP = Ipv4.VRRP_GROUP;
}
