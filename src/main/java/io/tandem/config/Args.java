package io.tandem.config;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the arguments of a statement into values, reporting every bad one with its location.
 * A method returns null (or empty) when the value is missing or bad; the caller keeps its default,
 * which is what keepalived does.
 */
final class Args {
    private final Diagnostics diagnostics;

    Args(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /** The single argument of {@code n}; extra words are noted and ignored, as keepalived ignores them. */
    String one(Node n) {
        if (n.args().isEmpty()) {
            diagnostics.error(n.at(), "'" + n.keyword() + "' is missing its value");
            return null;
        }
        if (n.args().size() > 1) {
            // keepalived ignores them without a word (exit 0), so this is advice only
            diagnostics.notice(n.at(), "'" + n.keyword() + "' takes one value; extra words ignored: "
                    + String.join(" ", n.args().subList(1, n.args().size())));
        }
        return n.arg(0);
    }

    /** Like {@link #one}, but the warning about extra words does not repeat them: they are part of a secret. */
    String secret(Node n) {
        if (n.args().size() > 1) {
            diagnostics.notice(n.at(), "'" + n.keyword() + "' takes one value (quote it if it contains spaces);"
                    + " the words after the first are ignored");
            return n.arg(0);
        }
        return one(n);
    }

    /** All arguments joined by spaces (a command line written with or without quotes). */
    String rest(Node n) {
        if (n.args().isEmpty()) {
            diagnostics.error(n.at(), "'" + n.keyword() + "' is missing its value");
            return null;
        }
        return String.join(" ", n.args());
    }

    Integer integer(Node n, int min, int max) {
        String v = one(n);
        return v == null ? null : integer(v, n, min, max);
    }

    Integer integer(String v, Node n, int min, int max) {
        long value;
        try {
            value = Long.parseLong(v);
        } catch (NumberFormatException e) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': invalid number '" + v + "'");
            return null;
        }
        if (value < min || value > max) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': " + v + " is outside [" + min + ", " + max + "]");
            return null;
        }
        return (int) value;
    }

    /** Seconds with up to millisecond precision ({@code 0.5}, {@code 2}). */
    Duration seconds(Node n, Duration min, Duration max) {
        String v = one(n);
        if (v == null) {
            return null;
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(v);
        } catch (NumberFormatException e) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': invalid number of seconds '" + v + "'");
            return null;
        }
        if (seconds.scale() > 3 && seconds.stripTrailingZeros().scale() > 3) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': " + v + " has more than millisecond precision");
            return null;
        }
        if (seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': " + v + " seconds is too large");
            return null;
        }
        Duration d = Duration.ofMillis(seconds.movePointRight(3).longValue());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': " + v + " s is outside [" + show(min) + ", " + show(max) + "] s");
            return null;
        }
        return d;
    }

    /** Whole seconds in [0, max], as keepalived reads its gratuitous ARP timers ({@code 0.5} is invalid there). */
    Duration wholeSeconds(Node n, int max) {
        Integer s = integer(n, 0, max);
        return s == null ? null : Duration.ofSeconds(s);
    }

    static String show(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** A flag written alone ({@code nopreempt}) or with on/off, yes/no, true/false. */
    boolean flag(Node n) {
        if (n.args().isEmpty()) {
            return true;
        }
        Boolean b = bool(n.arg(0));
        if (b == null) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': expected on/off, yes/no or true/false, got '" + n.arg(0) + "'");
            return true;
        }
        return b;
    }

    /**
     * A keepalived tri-state flag ({@code smtp_alert}): true when written alone, the value when
     * given, null (left unset, as keepalived leaves it) after an error about a bad value.
     */
    Boolean optionalFlag(Node n) {
        if (n.args().isEmpty()) {
            return true;
        }
        Boolean b = bool(n.arg(0));
        if (b == null) {
            diagnostics.error(n.at(), "'" + n.keyword() + "': expected on/off, yes/no or true/false, got '" + n.arg(0)
                    + "'; left unset");
        }
        return b;
    }

    static Boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "1" -> true;
            case "off", "no", "false", "0" -> false;
            default -> null;
        };
    }

    /** A port 1-65535. */
    Integer port(String v, Node n) {
        return integer(v, n, 1, 65535);
    }

    /**
     * A dotted-quad IPv4 address, parsed without any name lookup. Returns null (and reports)
     * for anything else; IPv6 gets its own message since keepalived accepts it.
     */
    Inet4Address ipv4(String text, Node n) {
        Inet4Address a = parseIpv4(text);
        if (a == null) {
            if (text.contains(":")) {
                diagnostics.error(n.at(), "'" + n.keyword() + "': IPv6 address '" + text + "' is not supported by tandem yet");
            } else {
                diagnostics.error(n.at(), "'" + n.keyword() + "': invalid IPv4 address '" + text + "'");
            }
        }
        return a;
    }

    /** A dotted-quad IPv4 address, or null. Never resolves names. */
    static Inet4Address parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always a valid address", e);
        }
    }

    /** An address and a port as two words ({@code sorry_server 10.0.0.9 3306}). */
    Optional<VirtualServer.Endpoint> endpoint(Node n) {
        if (n.args().size() != 2) {
            diagnostics.error(n.at(), "'" + n.keyword() + "' needs an address and a port");
            return Optional.empty();
        }
        Inet4Address a = ipv4(n.arg(0), n);
        Integer port = port(n.arg(1), n);
        if (a == null || port == null) {
            return Optional.empty();
        }
        return Optional.of(new VirtualServer.Endpoint(a.getHostAddress(), port));
    }

    void unknown(Node n, String block) {
        diagnostics.warning(n.at(), "unknown keyword '" + n.keyword() + "' in " + block + "; ignored");
    }

    void ignored(Node n, String block) {
        diagnostics.notice(n.at(), "'" + n.keyword() + "' in " + block + " is accepted but not implemented by tandem; ignored");
    }

    /** Blocks where a value is expected report the block; values where a block is expected report the value. */
    boolean expectBlock(Node n) {
        if (!n.block()) {
            diagnostics.error(n.at(), "'" + n.keyword() + "' needs a { ... } block");
            return false;
        }
        return true;
    }

    void noBlock(Node n) {
        if (n.block()) {
            diagnostics.error(n.at(), "'" + n.keyword() + "' takes no { ... } block; block ignored");
        }
    }
}
