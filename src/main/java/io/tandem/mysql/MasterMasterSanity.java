package io.tandem.mysql;

import io.tandem.mysql.SanityFinding.Rule;
import io.tandem.mysql.SanityFinding.Severity;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The master-master setup checked for the mistakes that lose or corrupt data, at start-up and
 * periodically: both masters writable at once; AUTO_INCREMENT settings that let both generate
 * the same key; equal {@code server_id}s; replication missing in a direction; a shared MariaDB GTID
 * domain; and semi-synchronous replication off (allowed, but the finding says what a crash can lose).
 *
 * <p>{@link #read} and {@link #check} do the I/O (bounded by a timeout, never throwing for server
 * trouble); {@link #evaluate} is the pure rule set.
 */
public final class MasterMasterSanity {
    private MasterMasterSanity() {}

    /** Reads both servers and evaluates the rules; an unreadable server yields one {@link Rule#UNREACHABLE} finding. */
    public static List<SanityFinding> check(MysqlEndpoint local, MysqlEndpoint peer, Duration timeout) {
        List<SanityFinding> unreachable = new ArrayList<>();
        Optional<ServerFacts> l = readOrReport(local, "local", timeout, unreachable);
        Optional<ServerFacts> p = readOrReport(peer, "peer", timeout, unreachable);
        if (l.isEmpty() || p.isEmpty()) {
            return unreachable;
        }
        return evaluate(l.get(), p.get(), peer.socket().isPresent() ? Optional.empty() : Optional.of(peer.host()));
    }

    private static Optional<ServerFacts> readOrReport(MysqlEndpoint e, String role, Duration timeout, List<SanityFinding> out) {
        try {
            return Optional.of(read(e, timeout));
        } catch (SQLException x) {
            out.add(new SanityFinding(Rule.UNREACHABLE, Severity.WARNING, "cannot read the " + role + " master " + e
                    + ": " + ServerSession.describe(e, x) + "; master-master checks skipped"));
            return Optional.empty();
        }
    }

    /** Reads the facts of one server within {@code timeout}. */
    public static ServerFacts read(MysqlEndpoint endpoint, Duration timeout) throws SQLException {
        try (ServerSession s = ServerSession.open(endpoint, System.nanoTime() + timeout.toNanos())) {
            Flavour f = s.flavour();
            Map<String, String> v = s.rows("SELECT @@global.server_id AS server_id, @@global.read_only AS ro, "
                    + (f.hasSuperReadOnly() ? "@@global.super_read_only" : "0") + " AS sro, "
                    + "@@global.auto_increment_increment AS inc, @@global.auto_increment_offset AS off, "
                    + (f == Flavour.MARIADB ? "@@global.gtid_domain_id" : "NULL") + " AS domain").getFirst();
            Map<String, String> semi = new HashMap<>();
            for (Map<String, String> row : s.rows("SHOW GLOBAL VARIABLES LIKE 'rpl_semi_sync_%'")) {
                String name = row.get(ServerSession.FIRST);
                if (Flavour.SEMI_SYNC_VARIABLES.contains(name)) {
                    semi.put(name, row.get("Value"));
                }
            }
            Optional<ReplicaLink> replica = s.replicaRow().map(f::replicaLink);
            String domain = v.get("domain");
            return new ServerFacts(endpoint.toString(), f, s.version(), Long.parseLong(v.get("server_id")), "1".equals(v.get("ro")),
                    "1".equals(v.get("sro")), Long.parseLong(v.get("inc")), Long.parseLong(v.get("off")),
                    domain == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(domain)), replica, Flavour.semiSync(semi));
        }
    }

    /**
     * The rules (pure). Problems only; an empty list means the pair is sane.
     *
     * @param peerHost the address the local server should replicate from, to recognise the link when
     *                 the source's server_id is not known yet; empty if unknown
     */
    public static List<SanityFinding> evaluate(ServerFacts local, ServerFacts peer, Optional<String> peerHost) {
        List<SanityFinding> out = new ArrayList<>();
        String a = local.name();
        String b = peer.name();
        if (local.writable() && peer.writable()) {
            out.add(new SanityFinding(Rule.BOTH_WRITABLE, Severity.CRITICAL, "both masters are writable (" + a + " and " + b
                    + " have read_only=OFF): clients of both can write at once and the data diverges"));
        }
        if (local.serverId() == peer.serverId()) {
            out.add(new SanityFinding(Rule.SERVER_ID, Severity.CRITICAL, a + " and " + b + " both have server_id "
                    + local.serverId() + ": each ignores the other's events as its own, so replication silently drops writes"));
        }
        autoIncrement(local, peer).ifPresent(out::add);
        if (local.gtidDomainId().isPresent() && peer.gtidDomainId().isPresent()
                && local.gtidDomainId().getAsLong() == peer.gtidDomainId().getAsLong()) {
            out.add(new SanityFinding(Rule.GTID_DOMAIN, Severity.WARNING, a + " and " + b + " write in the same gtid_domain_id "
                    + local.gtidDomainId().getAsLong() + ": concurrent writes on both stop replication (error 1950 with "
                    + "gtid_strict_mode) and the tables diverge; give each master its own gtid_domain_id"));
        }
        replication(local, peer, peerHost).ifPresent(out::add);
        replication(peer, local, Optional.empty()).ifPresent(out::add);
        semiSync(local, peer).ifPresent(out::add);
        return out;
    }

    private static Optional<SanityFinding> autoIncrement(ServerFacts x, ServerFacts y) {
        String fix = "set auto_increment_increment=2 on both and auto_increment_offset=1 on one, 2 on the other";
        for (ServerFacts s : List.of(x, y)) {
            if (s.autoIncrementIncrement() < 2) {
                return Optional.of(new SanityFinding(Rule.AUTO_INCREMENT, Severity.WARNING, s.name()
                        + " has auto_increment_increment=" + s.autoIncrementIncrement() + ": both masters hand out the same "
                        + "AUTO_INCREMENT values and inserts on both collide; " + fix));
            }
        }
        if (x.autoIncrementIncrement() != y.autoIncrementIncrement()) {
            return Optional.of(new SanityFinding(Rule.AUTO_INCREMENT, Severity.WARNING, "auto_increment_increment differs ("
                    + x.autoIncrementIncrement() + " on " + x.name() + ", " + y.autoIncrementIncrement() + " on " + y.name()
                    + "): the two sequences meet; " + fix));
        }
        long inc = x.autoIncrementIncrement();
        // MySQL and MariaDB ignore an offset larger than the increment (it counts as 1)
        long ox = x.autoIncrementOffset() > inc ? 1 : x.autoIncrementOffset();
        long oy = y.autoIncrementOffset() > inc ? 1 : y.autoIncrementOffset();
        if (ox % inc == oy % inc) {
            return Optional.of(new SanityFinding(Rule.AUTO_INCREMENT, Severity.WARNING, "auto_increment_offset is effectively "
                    + ox + " on both " + x.name() + " and " + y.name() + " (increment " + inc
                    + "): both masters hand out the same AUTO_INCREMENT values; " + fix));
        }
        return Optional.empty();
    }

    /** The direction {@code from} to {@code to}: does {@code to} replicate from {@code from}, and does it run? */
    private static Optional<SanityFinding> replication(ServerFacts to, ServerFacts from, Optional<String> fromHost) {
        String direction = from.name() + " -> " + to.name();
        if (to.replica().isEmpty()) {
            return Optional.of(new SanityFinding(Rule.REPLICATION, Severity.WARNING, "replication " + direction
                    + " is not configured: writes on " + from.name() + " never reach " + to.name()
                    + ", so a failover loses them and failback can never catch up"));
        }
        ReplicaLink r = to.replica().get();
        boolean fromIt = r.sourceServerId() != 0 ? r.sourceServerId() == from.serverId()
                : fromHost.map(h -> h.equals(r.sourceHost())).orElse(true);
        if (!fromIt) {
            return Optional.of(new SanityFinding(Rule.REPLICATION, Severity.WARNING, to.name() + " replicates from "
                    + r.sourceHost() + ":" + r.sourcePort() + " (server_id " + r.sourceServerId() + "), not from "
                    + from.name() + " (server_id " + from.serverId() + "): replication " + direction + " is not configured"));
        }
        if (!r.running()) {
            return Optional.of(new SanityFinding(Rule.REPLICATION, r.sqlError().isPresent() ? Severity.CRITICAL : Severity.WARNING,
                    "replication " + direction + " is not running: " + r.summary()));
        }
        return Optional.empty();
    }

    private static Optional<SanityFinding> semiSync(ServerFacts x, ServerFacts y) {
        boolean xy = x.semiSync().sourceEnabled() && y.semiSync().replicaEnabled();
        boolean yx = y.semiSync().sourceEnabled() && x.semiSync().replicaEnabled();
        if (xy && yx) {
            return Optional.empty();
        }
        String which = !xy && !yx ? "in both directions" : "from " + (xy ? y.name() + " to " + x.name() : x.name() + " to " + y.name());
        return Optional.of(new SanityFinding(Rule.SEMI_SYNC, Severity.NOTICE, "semi-synchronous replication is off " + which
                + " (rpl_semi_sync_master_enabled/rpl_semi_sync_source_enabled on the writer and the slave/replica variable on the"
                + " other): allowed, but when that master crashes, transactions it had already acknowledged to clients and"
                + " not yet sent to the other master are missing after the failover, and reappear only if the old master returns"));
    }
}
