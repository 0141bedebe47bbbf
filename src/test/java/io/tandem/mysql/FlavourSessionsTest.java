package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The flavour differences fencing, catch-up and the sanity check rely on, with process list and
 * status rows as MariaDB 10.11 and MySQL 8 show them.
 */
class FlavourSessionsTest {
    @Test
    void mariadbKeepsReplicationAndServerThreadsAndKillsClients() {
        Flavour m = Flavour.MARIADB;
        assertThat(m.keepsSession("repl", "Binlog Dump")).as("the other master's IO thread, fed by us").isTrue();
        assertThat(m.keepsSession("system user", "Slave_IO")).isTrue();
        assertThat(m.keepsSession("system user", "Slave_SQL")).isTrue();
        assertThat(m.keepsSession("system user", "Slave_worker")).isTrue();
        assertThat(m.keepsSession("event_scheduler", "Daemon")).isTrue();
        assertThat(m.keepsSession("app", "Sleep")).as("an idle pooled client can write later").isFalse();
        assertThat(m.keepsSession("app", "Query")).isFalse();
        assertThat(m.keepsSession("root", "Query")).isFalse();
        assertThat(m.keepsSession("unauthenticated user", "Connect")).isFalse();
        assertThat(m.keepsSession(null, null)).isFalse();
    }

    @Test
    void mysql8KeepsGtidDumpThreadsAndSystemUserReplicaThreads() {
        Flavour m = Flavour.MYSQL;
        assertThat(m.keepsSession("repl", "Binlog Dump GTID")).isTrue();
        assertThat(m.keepsSession("repl", "Binlog Dump")).isTrue();
        assertThat(m.keepsSession("system user", "Connect")).as("MySQL 8 replica threads").isTrue();
        assertThat(m.keepsSession("system user", "Query")).isTrue();
        assertThat(m.keepsSession("event_scheduler", "Daemon")).isTrue();
        assertThat(m.keepsSession("app", "Sleep")).isFalse();
        assertThat(m.keepsSession("app", "Connect")).as("a client logging in").isFalse();
        assertThat(Flavour.MARIADB.keepsSession("app", "Binlog Dump GTID")).as("not a MariaDB command").isFalse();
    }

    @Test
    void fencingUsesSuperReadOnlyWhereItExists() {
        assertThat(Flavour.MYSQL.fenceStatement()).isEqualTo("SET GLOBAL super_read_only = ON");
        assertThat(Flavour.MARIADB.fenceStatement()).isEqualTo("SET GLOBAL read_only = ON");
        assertThat(Flavour.MYSQL.unfenceStatement()).isEqualTo(Flavour.MARIADB.unfenceStatement()).isEqualTo("SET GLOBAL read_only = OFF");
        assertThat(Flavour.MYSQL.readOnlyQuery()).contains("@@global.super_read_only AS sro");
        assertThat(Flavour.MARIADB.readOnlyQuery()).doesNotContain("super_read_only").contains("0 AS sro");
    }

    @Test
    void gtidVariablesAndWaitFunctions() {
        assertThat(Flavour.MARIADB.gtidBinlogVariable()).isEqualTo("gtid_binlog_pos");
        assertThat(Flavour.MYSQL.gtidBinlogVariable()).isEqualTo("gtid_executed");
        assertThat(Flavour.MARIADB.gtidWaitQuery()).isEqualTo("SELECT MASTER_GTID_WAIT(?, ?)");
        assertThat(Flavour.MYSQL.gtidWaitQuery()).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        assertThat(Flavour.MARIADB.gtidWaitReached("0")).isTrue();
        assertThat(Flavour.MARIADB.gtidWaitReached("-1")).as("MariaDB's timeout").isFalse();
        assertThat(Flavour.MYSQL.gtidWaitReached("1")).as("MySQL's timeout").isFalse();
        assertThat(Flavour.MYSQL.gtidWaitReached(null)).isFalse();
    }

    @Test
    void relayProgressFromEitherSpelling() {
        RelayProgress m = Flavour.MARIADB.relayProgress(Map.of("Master_Log_File", "mariadb-bin.000002", "Read_Master_Log_Pos", "900",
                "Relay_Master_Log_File", "mariadb-bin.000002", "Exec_Master_Log_Pos", "700")).orElseThrow();
        assertThat(m.applied()).isFalse();
        assertThat(m).hasToString("read mariadb-bin.000002:900, applied mariadb-bin.000002:700");
        RelayProgress y = Flavour.MYSQL.relayProgress(Map.of("Source_Log_File", "binlog.000007", "Read_Source_Log_Pos", "157",
                "Relay_Source_Log_File", "binlog.000007", "Exec_Source_Log_Pos", "157")).orElseThrow();
        assertThat(y.applied()).isTrue();
        assertThat(new RelayProgress("b.000003", 4, "b.000002", 4).applied()).as("same offset, older file").isFalse();
        assertThat(Flavour.MYSQL.relayProgress(Map.of("Master_Log_File", "x", "Read_Master_Log_Pos", "1",
                "Relay_Master_Log_File", "x", "Exec_Master_Log_Pos", "1"))).as("the other flavour's columns").isEmpty();
    }

    @Test
    void replicaLinkTellsConnectingFromStoppedAndKeepsBothErrors() {
        ReplicaLink c = Flavour.MARIADB.replicaLink(Map.of("Slave_IO_Running", "Connecting", "Slave_SQL_Running", "Yes",
                "Seconds_Behind_Master", "", "Master_Host", "10.0.0.12", "Master_Port", "3306", "Master_Server_Id", "12",
                "Last_IO_Error", "error reconnecting to master", "Last_SQL_Error", ""));
        assertThat(c).isEqualTo(new ReplicaLink(ReplicaLink.IoState.CONNECTING, true, Optional.of("error reconnecting to master"),
                Optional.empty(), OptionalLong.empty(), "10.0.0.12", 3306, 12));
        ReplicaLink s = Flavour.MYSQL.replicaLink(Map.of("Replica_IO_Running", "No", "Replica_SQL_Running", "No",
                "Source_Host", "db1", "Source_Port", "3307", "Source_Server_Id", "0", "Last_SQL_Error", "Duplicate entry"));
        assertThat(s.io()).isEqualTo(ReplicaLink.IoState.STOPPED);
        assertThat(s.sqlError()).contains("Duplicate entry");
        assertThat(s.ioError()).isEmpty();
        assertThat(s.sourcePort()).isEqualTo(3307);
        assertThat(s.running()).isFalse();
    }

    @Test
    void semiSyncFromMariadbBuiltInAndBothMysqlPluginGenerations() {
        assertThat(Flavour.semiSync(Map.of("rpl_semi_sync_master_enabled", "ON", "rpl_semi_sync_slave_enabled", "OFF")))
                .isEqualTo(new SemiSync(true, false));
        assertThat(Flavour.semiSync(Map.of("rpl_semi_sync_source_enabled", "ON", "rpl_semi_sync_replica_enabled", "ON")))
                .isEqualTo(new SemiSync(true, true));
        assertThat(Flavour.semiSync(Map.of("rpl_semi_sync_slave_enabled", "1"))).isEqualTo(new SemiSync(false, true));
        assertThat(Flavour.semiSync(Map.of())).as("plugin not loaded").isEqualTo(SemiSync.OFF);
        assertThat(Flavour.SEMI_SYNC_VARIABLES).hasSize(4);
    }

    @Test
    void socketEndpointsUseLocalSocketAndHideThePassword() {
        MysqlEndpoint s = new MysqlEndpoint("127.0.0.1", 3306, Optional.of("/run/mysqld/mysqld.sock"), "tandem", "pw-123",
                java.time.Duration.ofMillis(500));
        assertThat(s.url()).isEqualTo("jdbc:mariadb://localhost:3306/");
        assertThat(s.properties().getProperty("socketFactory")).isEqualTo(UnixSocketFactory.class.getName());
        assertThat(s.properties().getProperty(UnixSocketFactory.PATH_PROPERTY)).isEqualTo("/run/mysqld/mysqld.sock");
        assertThat(s.properties().getProperty("localSocket")).as("the driver's JNA socket ignores timeouts").isNull();
        assertThat(s).hasToString("tandem@unix:/run/mysqld/mysqld.sock");
        assertThat(s.scrub("Access denied (using password: pw-123)")).doesNotContain("pw-123");
        assertThat(s.properties(java.time.Duration.ofMillis(100)).getProperty("socketTimeout")).isEqualTo("100");
        MysqlEndpoint tcp = new MysqlEndpoint("10.0.0.1", 3307, "tandem", null, java.time.Duration.ofSeconds(1));
        assertThat(tcp.properties().getProperty("socketFactory")).isNull();
        assertThat(tcp.url()).isEqualTo("jdbc:mariadb://10.0.0.1:3307/");
        assertThat(tcp.scrub("x")).isEqualTo("x");
    }
}
