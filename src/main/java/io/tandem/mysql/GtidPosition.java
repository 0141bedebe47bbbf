package io.tandem.mysql;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position: per replication domain the last GTID ({@code domain-server-seq}), as in
 * {@code gtid_binlog_pos} or {@code gtid_slave_pos}. Within a domain, sequence numbers only grow,
 * so "has applied" is a comparison per domain. (MySQL's GTID sets are compared by the server with
 * {@code GTID_SUBTRACT}.)
 */
public record GtidPosition(Map<Long, Gtid> byDomain) {
    public static final GtidPosition EMPTY = new GtidPosition(Map.of());

    public GtidPosition {
        byDomain = Map.copyOf(byDomain);
    }

    /** One GTID. */
    public record Gtid(long domain, long serverId, long seq) {
        @Override
        public String toString() {
            return domain + "-" + serverId + "-" + seq;
        }
    }

    /**
     * Parses {@code "1-11-5,2-12-7"} (blanks allowed, "" or null is empty); of two GTIDs in one
     * domain the higher sequence number counts.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static GtidPosition parse(String text) {
        Map<Long, Gtid> gtids = new TreeMap<>();
        if (text == null) {
            return EMPTY;
        }
        for (String part : text.strip().split("\\s*,\\s*")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] f = part.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a GTID: '" + part + "'");
            }
            Gtid g;
            try {
                g = new Gtid(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]), Long.parseUnsignedLong(f[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a GTID: '" + part + "'");
            }
            gtids.merge(g.domain(), g, (x, y) -> x.seq() >= y.seq() ? x : y);
        }
        return new GtidPosition(gtids);
    }

    /** Per domain the later of the two. */
    public GtidPosition union(GtidPosition other) {
        Map<Long, Gtid> merged = new TreeMap<>(byDomain);
        other.byDomain.values().forEach(g -> merged.merge(g.domain(), g, (x, y) -> x.seq() >= y.seq() ? x : y));
        return new GtidPosition(merged);
    }

    /** The GTIDs of this position that {@code have} has not reached (domain absent or lower sequence number). */
    public GtidPosition missingFrom(GtidPosition have) {
        Map<Long, Gtid> missing = new TreeMap<>();
        for (Gtid g : byDomain.values()) {
            Gtid h = have.byDomain.get(g.domain());
            if (h == null || h.seq() < g.seq()) {
                missing.put(g.domain(), g);
            }
        }
        return new GtidPosition(missing);
    }

    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    /** The MariaDB spelling, domains in ascending order: {@code "1-11-5,2-12-7"}. */
    @Override
    public String toString() {
        return new TreeMap<>(byDomain).values().stream().map(Gtid::toString).collect(Collectors.joining(","));
    }
}
