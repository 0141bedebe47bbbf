package io.tandem.lab;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 /24 that exists only inside one lab's namespaces, {@code 10.231.<octet>.0/24}.
 * Labs running at the same time get different octets, so their captures and logs never look alike.
 *
 * @param network      the network address ({@code 10.231.k.0})
 * @param prefixLength always 24
 */
public record Subnet(Inet4Address network, int prefixLength) {
    static final int FIRST_OCTETS_A = 10;
    static final int FIRST_OCTETS_B = 231;

    public Subnet {
        if (prefixLength != 24 || (network.getAddress()[3] & 0xff) != 0) {
            throw new IllegalArgumentException("lab subnets are /24 networks: " + network + "/" + prefixLength);
        }
    }

    /** The lab subnet {@code 10.231.<thirdOctet>.0/24}. */
    static Subnet of(int thirdOctet) {
        if (thirdOctet < 1 || thirdOctet > 254) {
            throw new IllegalArgumentException("third octet out of range: " + thirdOctet);
        }
        return new Subnet(address(new byte[] {FIRST_OCTETS_A, (byte) FIRST_OCTETS_B, (byte) thirdOctet, 0}), 24);
    }

    /** The third octet, which identifies the lab's subnet among concurrent labs. */
    public int thirdOctet() {
        return network.getAddress()[2] & 0xff;
    }

    /**
     * The address with the given last octet in this subnet.
     *
     * @throws IllegalArgumentException unless {@code 1 <= lastOctet <= 254}
     */
    public Inet4Address address(int lastOctet) {
        if (lastOctet < 1 || lastOctet > 254) {
            throw new IllegalArgumentException("last octet out of range: " + lastOctet);
        }
        byte[] bytes = network.getAddress();
        bytes[3] = (byte) lastOctet;
        return address(bytes);
    }

    /** True when {@code address} lies in this subnet. */
    public boolean contains(InetAddress address) {
        if (!(address instanceof Inet4Address v4)) {
            return false;
        }
        byte[] a = v4.getAddress();
        byte[] n = network.getAddress();
        return a[0] == n[0] && a[1] == n[1] && a[2] == n[2];
    }

    /**
     * The MySQL account host pattern that matches this subnet, e.g. {@code 10.231.7.%}.
     */
    public String sqlHostPattern() {
        String text = network.getHostAddress();
        return text.substring(0, text.lastIndexOf('.')) + ".%";
    }

    /** CIDR notation, e.g. {@code 10.231.7.0/24}. */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static Inet4Address address(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
