package io.tandem.daemon;

import java.util.OptionalInt;

/**
 * The BACKEND an operator names in {@code tandem drain BACKEND}: {@code ADDRESS:PORT},
 * {@code [IPV6]:PORT}, or an address alone (then it must match one port). Compared with the
 * configuration's {@code real_server} as written, so {@code 10.0.0.3} matches {@code real_server 10.0.0.3 3306}.
 *
 * @param address the address as given
 * @param port    empty when only the address was given
 */
record BackendName(String address, OptionalInt port) {
    /** @throws IllegalArgumentException with a reason for people when {@code text} is no backend name */
    static BackendName parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no BACKEND given (ADDRESS:PORT or ADDRESS)");
        }
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 < t.length() && t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(text + ": not a BACKEND ([IPV6]:PORT expected)");
            }
            String address = t.substring(1, close);
            return close + 1 == t.length() ? new BackendName(address, OptionalInt.empty())
                    : new BackendName(address, OptionalInt.of(port(t.substring(close + 2), text)));
        }
        int colon = t.indexOf(':');
        if (colon < 0 || colon != t.lastIndexOf(':')) { // no port, or an IPv6 address alone
            return new BackendName(t, OptionalInt.empty());
        }
        if (colon == 0) {
            throw new IllegalArgumentException(text + ": not a BACKEND (the address is missing)");
        }
        return new BackendName(t.substring(0, colon), OptionalInt.of(port(t.substring(colon + 1), text)));
    }

    private static int port(String digits, String text) {
        try {
            int p = Integer.parseInt(digits);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(text + ": not a BACKEND (the port must be 1..65535)");
    }

    boolean matches(String realAddress, int realPort) {
        return address.equalsIgnoreCase(realAddress) && (port.isEmpty() || port.getAsInt() == realPort);
    }

    @Override
    public String toString() {
        return port.isEmpty() ? address : (address.contains(":") ? "[" + address + "]" : address) + ":" + port.getAsInt();
    }
}
