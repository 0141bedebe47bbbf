package io.tandem.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns rtnetlink link notifications into the states of the watched names, without I/O (so every
 * path, the overrun recovery included, is unit-tested with built messages).
 *
 * <p>A datagram may carry several messages (multi-part, {@code NLM_F_MULTI}); each is read in
 * order, and messages the table does not follow ({@code NLMSG_NOOP}, {@code NLMSG_DONE}, other
 * types) are skipped. Besides each watched name the table remembers which name every interface
 * index had: a rename reports the old name absent (the kernel sends only {@code RTM_NEWLINK} with
 * the new name).
 */
final class LinkTable {
    static final int NLMSG_OVERRUN = 4;

    private final Set<String> names;
    private final Map<Integer, String> nameOfIndex = new HashMap<>();

    LinkTable(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    Set<String> names() {
        return names;
    }

    /**
     * The states the messages in {@code datagram} (from its position to its limit) report for
     * watched names, in order; a name may appear more than once, the last one counts.
     *
     * @return null when a message says messages were lost ({@code NLMSG_OVERRUN}): then
     *         {@link #reread} every name
     */
    List<LinkState> apply(ByteBuffer datagram) {
        ByteBuffer in = datagram.slice().order(ByteOrder.nativeOrder());
        List<LinkState> out = new ArrayList<>();
        int pos = 0;
        while (pos + NetlinkRequest.HEADER_LENGTH <= in.limit()) {
            int length = in.getInt(pos);
            int type = in.getShort(pos + 4) & 0xffff;
            if (length < NetlinkRequest.HEADER_LENGTH || length > in.limit() - pos) {
                break; // malformed: the rest of the datagram cannot be delimited
            }
            int payloadLength = length - NetlinkRequest.HEADER_LENGTH;
            if (type == NLMSG_OVERRUN) {
                return null;
            }
            if ((type == Rtnetlink.RTM_NEWLINK || type == Rtnetlink.RTM_DELLINK) && payloadLength >= Rtnetlink.IFINFOMSG_LENGTH) {
                Link link = Rtnetlink.parseLink(in.slice(pos + NetlinkRequest.HEADER_LENGTH, payloadLength).order(ByteOrder.nativeOrder()));
                if (type == Rtnetlink.RTM_NEWLINK) {
                    newLink(link, out);
                } else {
                    deleteLink(link, out);
                }
            }
            pos += (length + 3) & ~3;
        }
        return out;
    }

    /**
     * Reads every watched name again through {@code read} (null: no such interface) and reports
     * them all: the start, the safety re-poll and the recovery after lost messages.
     */
    List<LinkState> reread(Function<String, Link> read) {
        List<LinkState> out = new ArrayList<>();
        for (String name : names.stream().sorted().toList()) {
            Link link = read.apply(name);
            nameOfIndex.values().removeIf(name::equals);
            if (link != null) {
                nameOfIndex.put(link.index(), name);
            }
            out.add(new LinkState(name, link));
        }
        return out;
    }

    private void newLink(Link link, List<LinkState> out) {
        String before = nameOfIndex.put(link.index(), link.name());
        if (before != null && !before.equals(link.name()) && names.contains(before)) {
            out.add(LinkState.absent(before));
        }
        if (names.contains(link.name())) {
            out.add(new LinkState(link.name(), link));
        }
    }

    private void deleteLink(Link link, List<LinkState> out) {
        String known = nameOfIndex.remove(link.index());
        String name = link.name().isEmpty() && known != null ? known : link.name();
        if (names.contains(name)) {
            out.add(LinkState.absent(name));
        }
    }
}
