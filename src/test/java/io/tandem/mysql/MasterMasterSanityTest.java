package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.mysql.SanityFinding.Rule;
import io.tandem.mysql.SanityFinding.Severity;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The master-master rules on hand-made facts: a sane pair, then one mistake at a time. */
class MasterMasterSanityTest {
    private static final SemiSync BOTH = new SemiSync(true, true);

    private static ReplicaLink from(String host, long serverId) {
        return new ReplicaLink(ReplicaLink.IoState.RUNNING, true, Optional.empty(), Optional.empty(), OptionalLong.of(0), host, 3306,
                serverId);
    }

    /** db1 (server 11, offset 1) is the writer, db2 (server 12, offset 2) fenced, replicating both ways, semi-sync both ways. */
    private static ServerFacts db1() {
        return new ServerFacts("db1", Flavour.MARIADB, "10.11", 11, false, false, 2, 1, OptionalLong.of(1),
                Optional.of(from("10.0.0.12", 12)), BOTH);
    }

    private static ServerFacts db2() {
        return new ServerFacts("db2", Flavour.MARIADB, "10.11", 12, true, false, 2, 2, OptionalLong.of(2),
                Optional.of(from("10.0.0.11", 11)), BOTH);
    }

    private static List<SanityFinding> eval(ServerFacts a, ServerFacts b) {
        return MasterMasterSanity.evaluate(a, b, Optional.of("10.0.0.12"));
    }

    private static ServerFacts with(ServerFacts f, Boolean readOnly, Long serverId, Long inc, Long off, Long domain,
                                    Optional<ReplicaLink> replica, SemiSync semi) {
        return new ServerFacts(f.name(), f.flavour(), f.version(), serverId == null ? f.serverId() : serverId,
                readOnly == null ? f.readOnly() : readOnly, f.superReadOnly(), inc == null ? f.autoIncrementIncrement() : inc,
                off == null ? f.autoIncrementOffset() : off, domain == null ? f.gtidDomainId() : OptionalLong.of(domain),
                replica == null ? f.replica() : replica, semi == null ? f.semiSync() : semi);
    }

    @Test
    void aSanePairHasNoFindings() {
        assertThat(eval(db1(), db2())).isEmpty();
    }

    @Test
    void bothWritableIsCritical() {
        List<SanityFinding> f = eval(db1(), with(db2(), false, null, null, null, null, null, null));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(Rule.BOTH_WRITABLE);
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.message()).contains("db1").contains("db2").contains("read_only=OFF");
        });
        ServerFacts superRo = new ServerFacts("db2", Flavour.MYSQL, "8.0", 12, false, true, 2, 2, OptionalLong.empty(),
                db2().replica(), BOTH);
        assertThat(eval(db1(), superRo)).as("super_read_only alone fences").isEmpty();
    }

    @Test
    void autoIncrementThatCollides() {
        assertThat(eval(with(db1(), null, null, 1L, 1L, null, null, null), with(db2(), null, null, 1L, 1L, null, null, null)))
                .extracting(SanityFinding::rule).containsExactly(Rule.AUTO_INCREMENT);
        assertThat(eval(db1(), with(db2(), null, null, null, 1L, null, null, null))).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("effectively 1 on both"));
        assertThat(eval(db1(), with(db2(), null, null, 3L, null, null, null, null))).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("differs"));
        assertThat(eval(db1(), with(db2(), null, null, null, 3L, null, null, null))).as("offset 3 > increment 2 counts as 1")
                .extracting(SanityFinding::rule).containsExactly(Rule.AUTO_INCREMENT);
        assertThat(eval(with(db1(), null, null, 10L, 3L, null, null, null), with(db2(), null, null, 10L, 7L, null, null, null)))
                .isEmpty();
    }

    @Test
    void equalServerIdsAreCritical() {
        ServerFacts twin = with(db2(), null, 11L, null, null, null, Optional.of(from("10.0.0.11", 11)), null);
        assertThat(eval(with(db1(), null, null, null, null, null, Optional.of(from("10.0.0.12", 11)), null), twin))
                .singleElement().satisfies(x -> {
                    assertThat(x.rule()).isEqualTo(Rule.SERVER_ID);
                    assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(x.message()).contains("server_id 11");
                });
    }

    @Test
    void aSharedMariadbDomainIsFlagged() {
        assertThat(eval(db1(), with(db2(), null, null, null, null, 1L, null, null))).extracting(SanityFinding::rule)
                .containsExactly(Rule.GTID_DOMAIN);
    }

    @Test
    void replicationMissingElsewhereOrStoppedInADirection() {
        List<SanityFinding> none = eval(with(db1(), null, null, null, null, null, Optional.empty(), null), db2());
        assertThat(none).singleElement().satisfies(x -> assertThat(x.message()).contains("db2 -> db1 is not configured"));

        List<SanityFinding> elsewhere = eval(db1(), with(db2(), null, null, null, null, null, Optional.of(from("10.0.0.99", 99)), null));
        assertThat(elsewhere).singleElement().satisfies(x -> assertThat(x.message()).contains("replicates from 10.0.0.99"));

        ReplicaLink neverConnected = new ReplicaLink(ReplicaLink.IoState.CONNECTING, true, Optional.empty(), Optional.empty(),
                OptionalLong.empty(), "10.0.0.99", 3306, 0);
        assertThat(eval(with(db1(), null, null, null, null, null, Optional.of(neverConnected), null), db2()))
                .as("without a source server_id the host decides").extracting(SanityFinding::rule).contains(Rule.REPLICATION);

        ReplicaLink broken = new ReplicaLink(ReplicaLink.IoState.RUNNING, false, Optional.empty(), Optional.of("Duplicate entry"),
                OptionalLong.empty(), "10.0.0.11", 3306, 11);
        assertThat(eval(db1(), with(db2(), null, null, null, null, null, Optional.of(broken), null))).singleElement()
                .satisfies(x -> {
                    assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(x.message()).contains("db1 -> db2 is not running").contains("Duplicate entry");
                });
    }

    @Test
    void semiSyncOffIsANoticeThatSaysWhatACrashLoses() {
        List<SanityFinding> off = eval(with(db1(), null, null, null, null, null, null, SemiSync.OFF),
                with(db2(), null, null, null, null, null, null, SemiSync.OFF));
        assertThat(off).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(Rule.SEMI_SYNC);
            assertThat(x.severity()).isEqualTo(Severity.NOTICE);
            assertThat(x.message()).contains("in both directions").contains("acknowledged to clients");
        });
        // db1 waits for acks, but db2 does not send them: db1 -> db2 is asynchronous
        List<SanityFinding> oneWay = eval(with(db1(), null, null, null, null, null, null, new SemiSync(true, true)),
                with(db2(), null, null, null, null, null, null, new SemiSync(true, false)));
        assertThat(oneWay).singleElement().satisfies(x -> assertThat(x.message()).contains("from db1 to db2"));
    }
}
