package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** MariaDB and MySQL 8 spell replication differently; rows as each server returns them. */
class FlavourTest {
    @Test
    void theVersionStringTellsTheFlavour() {
        assertThat(Flavour.fromVersion("10.11.19-MariaDB-0+deb12u1-log")).isEqualTo(Flavour.MARIADB);
        assertThat(Flavour.fromVersion("8.0.36")).isEqualTo(Flavour.MYSQL);
        assertThat(Flavour.fromVersion("8.4.0-commercial")).isEqualTo(Flavour.MYSQL);
    }

    @Test
    void mariadbSlaveStatusColumns() {
        ReplicaStatus s = Flavour.MARIADB.replicaStatus(Map.of("Slave_IO_Running", "Yes", "Slave_SQL_Running", "Yes",
                "Seconds_Behind_Master", "3", "Master_Host", "10.0.0.12", "Last_IO_Error", "", "Last_SQL_Error", ""));
        assertThat(s).isEqualTo(new ReplicaStatus(true, true, OptionalLong.of(3), Optional.of("10.0.0.12"), Optional.empty()));
        assertThat(s.running()).isTrue();
        assertThat(Flavour.MARIADB.replicaStatusQuery()).isEqualTo("SHOW SLAVE STATUS");
        assertThat(Flavour.MARIADB.hasSuperReadOnly()).isFalse();
        assertThat(Flavour.MARIADB.gtidExecutedVariable()).isEqualTo("gtid_current_pos");
    }

    @Test
    void mysql8ReplicaStatusColumns() {
        ReplicaStatus s = Flavour.MYSQL.replicaStatus(Map.of("Replica_IO_Running", "Yes", "Replica_SQL_Running", "No",
                "Seconds_Behind_Source", "", "Source_Host", "db1", "Last_IO_Error", "",
                "Last_SQL_Error", "Error 'Duplicate entry' on query"));
        assertThat(s.ioRunning()).isTrue();
        assertThat(s.sqlRunning()).isFalse();
        assertThat(s.running()).isFalse();
        assertThat(s.lagSeconds()).as("NULL lag while the SQL thread is stopped").isEmpty();
        assertThat(s.lastError()).contains("Error 'Duplicate entry' on query");
        assertThat(Flavour.MYSQL.replicaStatusQuery()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(Flavour.MYSQL.hasSuperReadOnly()).isTrue();
        assertThat(Flavour.MYSQL.gtidExecutedVariable()).isEqualTo("gtid_executed");
    }

    @Test
    void theOtherFlavoursColumnsAreNotMistakenForRunningThreads() {
        ReplicaStatus s = Flavour.MYSQL.replicaStatus(Map.of("Slave_IO_Running", "Yes", "Slave_SQL_Running", "Yes"));
        assertThat(s.running()).isFalse();
    }

    @Test
    void writableMeansNeitherReadOnlyFlag() {
        assertThat(new ServerStatus(Flavour.MYSQL, "8.0", false, false, Optional.empty()).writable()).isTrue();
        assertThat(new ServerStatus(Flavour.MYSQL, "8.0", false, true, Optional.empty()).writable()).isFalse();
        assertThat(new ServerStatus(Flavour.MARIADB, "10.11", true, false, Optional.empty()).writable()).isFalse();
    }

    @Test
    void theEndpointNeverPrintsItsPassword() {
        MysqlEndpoint e = new MysqlEndpoint("10.0.0.1", 3306, "tandem", "s3cret-pw", java.time.Duration.ofSeconds(2));
        assertThat(e.toString()).doesNotContain("s3cret-pw").isEqualTo("tandem@10.0.0.1:3306");
        assertThat(e.properties().getProperty("connectTimeout")).isEqualTo("2000");
        assertThat(e.properties().getProperty("socketTimeout")).isEqualTo("2000");
    }
}
