package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDb;
import io.tandem.lab.Replication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem switchover} and {@code tandem maintenance} with real MariaDB in master-master
 * (semi-synchronous both ways) and a client inserting through the VIP without pause: five planned
 * switchovers back and forth lose no acknowledged write and never leave both masters writable;
 * the write pause each causes is measured from the client and printed. A switchover to an
 * unhealthy target is refused and changes nothing; maintenance holds the VIP on a master whose
 * mysqld died until it is turned off.
 */
class SwitchoverIT {
    private VrrpLab v;
    private Host app;
    private final MariaDb[] mysqld = new MariaDb[2];
    private final LabProcess[] tandem = new LabProcess[2];
    private final Host[] hosts = new Host[2];

    @BeforeEach
    void lab() throws Exception {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        v = new VrrpLab();
        app = v.addHost("app");
        hosts[0] = v.db1;
        hosts[1] = v.db2;
        MariaDb[] pair = MysqlFailoverIT.semiSyncPair(v);
        mysqld[0] = pair[0];
        mysqld[1] = pair[1];
        for (int i = 0; i < 2; i++) {
            tandem[i] = v.tandem(hosts[i], MysqlFailoverIT.conf(v, hosts[i], hosts[1 - i], i == 0 ? 150 : 100));
        }
        v.awaitMaster(v.db1, v.db2, tandem[0], tandem[1]);
        tandem[0].awaitLogContains("(VI_W) writes on after");
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    private CommandResult cli(int i, String... args) {
        List<String> argv = new ArrayList<>(List.of(VrrpLab.TANDEM.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-p", hosts[i].dir().resolve("tandem.pid").toString()));
        return hosts[i].exec(argv.toArray(String[]::new));
    }

    /** Index of the host holding the VIP, or -1 unless exactly one does. */
    private int master() {
        boolean a = v.holdsVip(hosts[0]);
        boolean b = v.holdsVip(hosts[1]);
        return a == b ? -1 : a ? 0 : 1;
    }

    private String logs() {
        return tandem[0].tail(40) + "\n---\n" + tandem[1].tail(40);
    }

    @Test
    void fiveSwitchoversLoseNoAcknowledgedWriteAndNeverLeaveTwoWritableMasters() throws Exception {
        List<Long> pauses = new ArrayList<>();
        try (FaultWriter writer = new FaultWriter(app.namespace(), v.vip, "app", MysqlFailoverIT.APP_PASSWORD);
             WritableSampler sampler = new WritableSampler(app.namespace(), hosts[0].address().getHostAddress(),
                     hosts[1].address().getHostAddress(), "tandem", MysqlFailoverIT.PASSWORD)) {
            VrrpLab.await(() -> writer.ackedCount() > 20, this::logs);
            for (int n = 1; n <= 5; n++) {
                int from = master();
                assertThat(from).as("one VIP holder before switchover " + n).isNotNegative();
                int to = 1 - from;
                Thread.sleep(300);
                writer.takeGapMillis();
                int ackedBefore = writer.ackedCount();
                CommandResult r = cli(from, "switchover", "--to", hosts[to].address().getHostAddress());
                System.out.println("switchover " + n + " " + hosts[from].name() + " -> " + hosts[to].name() + ":\n" + r.stdout() + r.stderr());
                assertThat(r.exitCode()).as(r.stderr() + logs()).isZero();
                assertThat(r.stdout()).contains("fenced this master", "target caught up", "handed over the VIP", "target is writable",
                        "writes were paused for");
                VrrpLab.await(() -> master() == to, this::logs);
                // writes continue on the new master
                VrrpLab.await(() -> writer.ackedCount() > ackedBefore + 50, this::logs);
                assertThat(mysqld[to].readOnly()).isFalse();
                assertThat(mysqld[from].readOnly()).isTrue();
                pauses.add(writer.takeGapMillis());
            }
            // the old master (priority 150) does not take the VIP back: it stays below the new one
            int holder = master();
            Thread.sleep(5_000);   // more than Master_Down_Interval and the failback catch-up check
            assertThat(master()).as("the VIP stays where the last switchover put it").isEqualTo(holder);
            CommandResult status = cli(1 - holder, "status");
            assertThat(status.stdout()).contains("switchover to");

            Thread.sleep(300);
            writer.close();
            sampler.close();
            Replication.awaitConverged(Duration.ofSeconds(60), mysqld[0], mysqld[1]);
            Set<Integer> acked = writer.acked();
            for (MariaDb m : mysqld) {
                Set<Integer> rows = new HashSet<>();
                m.sql("SELECT id FROM app.t").forEach(row -> rows.add(Integer.parseInt(row.getFirst())));
                Set<Integer> missing = new HashSet<>(acked);
                missing.removeAll(rows);
                assertThat(missing).as("acknowledged rows missing on server " + m.serverId()).isEmpty();
            }
            List<String> dual = sampler.dualWritablePeriods();
            List<Long> sorted = pauses.stream().sorted().toList();
            System.out.printf("switchover write pause seen by the client (5 switchovers): median %d ms, max %d ms, all %s;"
                            + " writes acked %d, lost 0, failed attempts %d, dual-writable periods %d (%d sampling rounds)%n",
                    sorted.get(2), sorted.get(4), pauses, acked.size(), writer.failed(), dual.size(), sampler.rounds());
            assertThat(mysqld[0].gtidBinlogPos()).isEqualTo(mysqld[1].gtidBinlogPos());
            assertThat(dual).as("periods with both masters writable").isEmpty();
        }
    }

    @Test
    void anUnhealthyTargetIsRefusedAndNothingChanges() throws Exception {
        // the target's SQL thread stopped: it would not apply what the master has
        mysqld[1].sql("STOP SLAVE SQL_THREAD");
        CommandResult r = cli(0, "switchover");
        System.out.println("$ tandem switchover    # the target's SQL thread stopped\n" + r.stderr());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("error:", "replication is not running", "SQL thread stopped", "nothing changed");
        assertThat(master()).isZero();
        assertThat(mysqld[0].readOnly()).as("writes stay on").isFalse();
        mysqld[1].sql("START SLAVE SQL_THREAD");

        CommandResult wrongTarget = cli(0, "switchover", "--to", "10.9.9.9");
        assertThat(wrongTarget.exitCode()).isEqualTo(2);
        assertThat(wrongTarget.stderr()).contains("10.9.9.9 is not the other master of VI_W");

        CommandResult onBackup = cli(1, "switchover");
        System.out.println("$ tandem switchover    # on the backup\n" + onBackup.stderr());
        assertThat(onBackup.exitCode()).isEqualTo(2);
        assertThat(onBackup.stderr()).contains("this node is BACKUP for VI_W", "run the switchover there");
        assertThat(master()).isZero();
        assertThat(mysqld[0].readOnly()).isFalse();
    }

    @Test
    void maintenanceHoldsThePlacementUntilItIsTurnedOff() throws Exception {
        CommandResult on = cli(0, "maintenance", "on");
        assertThat(on.exitCode()).as(on.stderr()).isZero();
        assertThat(on.stdout()).contains("maintenance on");
        assertThat(cli(0, "maintenance").stdout()).contains("maintenance is on (since");
        assertThat(cli(0, "switchover").stderr()).contains("maintenance is on");
        VrrpLab.await(() -> cli(0, "status").stdout().contains("MAINTENANCE since"), this::logs);

        // the master's mysqld dies: its check fails, but the placement is held
        mysqld[0].kill9();
        tandem[0].awaitLogContains("(VI_W) maintenance: tracking says fault");
        Thread.sleep(4_000);   // more than Master_Down_Interval (3.4 s at 1 s adverts)
        assertThat(master()).as("the VIP stays on db1 in maintenance").isZero();
        System.out.println("$ tandem status    # in maintenance, mysqld on db1 killed\n" + cli(0, "status").stdout());

        CommandResult off = cli(0, "maintenance", "off");
        assertThat(off.exitCode()).isZero();
        assertThat(off.stdout()).contains("maintenance off");
        VrrpLab.await(() -> master() == 1, this::logs);
        VrrpLab.await(() -> !mysqld[1].readOnly(), this::logs);
    }
}
