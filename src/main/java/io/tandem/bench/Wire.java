package io.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the client host's capture saw: VRRP adverts and gratuitous ARPs for the VIP, each with its
 * sender (a host name, from the source MAC address) and its wall-clock time in microseconds since
 * the epoch. Parsed from {@code tcpdump -r FILE -n -tt -e "vrrp or arp"}.
 */
final class Wire {
    enum Kind { ADVERT, GARP }

    record Packet(long micros, String host, Kind kind, int priority) {}

    private static final Pattern PRIO = Pattern.compile("prio (\\d+)");

    private final List<Packet> packets;

    private Wire(List<Packet> packets) {
        this.packets = packets;
    }

    /**
     * @param macToHost source MAC address (lowercase, colon-separated) to host name
     * @param vip       the virtual address, to tell gratuitous ARPs from the client's own requests
     */
    static Wire parse(List<String> lines, Map<String, String> macToHost, String vip) {
        List<Packet> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ", 3);
            if (f.length < 3) {
                continue;
            }
            String host = macToHost.get(f[1].toLowerCase(java.util.Locale.ROOT));
            if (host == null) {
                continue;
            }
            long micros;
            try {
                String[] ts = f[0].split("\\.");
                micros = Long.parseLong(ts[0]) * 1_000_000L + Long.parseLong((ts[1] + "000000").substring(0, 6));
            } catch (RuntimeException e) {
                continue;
            }
            if (line.contains("VRRP") && line.contains("Advertisement")) {
                Matcher m = PRIO.matcher(line);
                out.add(new Packet(micros, host, Kind.ADVERT, m.find() ? Integer.parseInt(m.group(1)) : -1));
            } else if (line.contains("ARP") && isGratuitous(line, vip)) {
                out.add(new Packet(micros, host, Kind.GARP, -1));
            }
        }
        return new Wire(List.copyOf(out));
    }

    /**
     * A gratuitous ARP for {@code vip}: a request whose sender and target are both the VIP
     * ({@code who-has VIP [(ff:..)] tell VIP}), or a reply announcing it ({@code VIP is-at}). Not the
     * owner's ordinary requests for a client ({@code who-has CLIENT tell VIP}).
     */
    static boolean isGratuitous(String line, String vip) {
        return line.contains("who-has " + vip + " ") && line.contains("tell " + vip + ",")
                || line.contains("Reply " + vip + " is-at");
    }

    List<Packet> packets() {
        return packets;
    }

    /** The first packet of {@code kind} from {@code host} at or after {@code fromMicros} (and, if {@code prio >= 0}, with that priority). */
    OptionalLong first(Kind kind, String host, long fromMicros, int prio) {
        for (Packet p : packets) {
            if (p.micros() >= fromMicros && p.kind() == kind && p.host().equals(host) && (prio < 0 || p.priority() == prio)) {
                return OptionalLong.of(p.micros());
            }
        }
        return OptionalLong.empty();
    }

    /** The last packet of {@code kind} from {@code host} before {@code beforeMicros}, with priority above 0. */
    OptionalLong lastLive(Kind kind, String host, long beforeMicros) {
        long found = Long.MIN_VALUE;
        for (Packet p : packets) {
            if (p.micros() < beforeMicros && p.kind() == kind && p.host().equals(host) && p.priority() != 0) {
                found = p.micros();
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
