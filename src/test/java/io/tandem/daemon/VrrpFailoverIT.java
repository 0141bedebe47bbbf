package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Capture;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real virtual IPs moving between real daemons in lab hosts: two Tandems, and Tandem paired with
 * real keepalived 2.2 in both roles. Waits are bounded polls of the observable state (who holds
 * the VIP); durations are printed, not asserted (speed belongs in benchmarks).
 */
class VrrpFailoverIT {
    private VrrpLab v;
    private Host db1;
    private Host db2;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        v = new VrrpLab();
        db1 = v.db1;
        db2 = v.db2;
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    @Test
    void twoTandemsElectTheHigherPriorityAndFailOverOnStopAndPreemptBack() throws Exception {
        String auth = "authentication {\n auth_type PASS\n auth_pass s3cret\n }";
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 2, auth, ""));
        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 2, auth, ""));
        v.awaitMaster(db1, db2, t1, t2);
        t2.awaitLog("(VI_W) INIT -> BACKUP", VrrpLab.WAIT);

        t1.signal(Signal.TERM);
        Duration takeover = v.await(() -> v.holdsVip(db2), () -> t2.tail(30));
        assertThat(t1.waitFor(VrrpLab.WAIT)).as("tandem on db1 exits after SIGTERM").isTrue();
        assertThat(t1.exitCode()).hasValue(0);
        assertThat(v.holdsVip(db1)).as("the stopped master released the VIP").isFalse();
        t2.awaitLogContains("(VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        System.out.printf("tandem -> tandem takeover after SIGTERM of the master: %d ms%n", takeover.toMillis());

        LabProcess again = v.tandem(db1, v.conf(db1, 150, 2, auth, ""));
        v.awaitMaster(db1, db2, again, t2);
        t2.awaitLogContains("(VI_W) MASTER -> BACKUP (advert with higher priority)");
    }

    @Test
    void tandemAndKeepalivedInteroperateInBothRolesWithVrrpV3() throws Exception {
        LabProcess t = v.tandem(db1, v.conf(db1, 150, 3, "", ""));
        LabProcess k = v.keepalived(db2, v.conf(db2, 100, 3, "", ""));
        v.awaitMaster(db1, db2, t, k);
        k.awaitLog("(VI_W) Entering BACKUP STATE", VrrpLab.WAIT);

        t.signal(Signal.TERM);
        Duration takeover = v.await(() -> v.holdsVip(db2) && !v.holdsVip(db1), () -> k.tail(30));
        k.awaitLogContains("(VI_W) Backup received priority 0 advertisement");
        System.out.printf("tandem -> keepalived takeover after SIGTERM: %d ms%n", takeover.toMillis());

        LabProcess back = v.tandem(db1, v.conf(db1, 150, 3, "", ""));
        v.awaitMaster(db1, db2, back, k);
        k.awaitLogContains("(VI_W) Master received advert from " + db1.address().getHostAddress()
                + " with higher priority 150, ours 100");
    }

    @Test
    void tandemBacksUpKeepalivedAndTakesOverWhenItDiesWithoutSayingSo() throws Exception {
        Capture capture = db2.capture("vrrp");
        LabProcess k = v.keepalived(db1, v.conf(db1, 150, 2, "", ""));
        LabProcess t = v.tandem(db2, v.conf(db2, 100, 2, "", ""));
        v.awaitMaster(db1, db2, k, t);
        t.awaitLog("(VI_W) INIT -> BACKUP", VrrpLab.WAIT);

        // SIGKILL of keepalived's VRRP process: no priority 0 (killing the parent would make the
        // child send one on its way out); the VIP stays on db1 but nothing advertises any more.
        long vrrpChild = Long.parseLong(Files.readString(db1.dir().resolve("keepalived-vrrp.pid")).strip());
        db1.execOrThrow("kill", "-KILL", Long.toString(vrrpChild));
        Duration takeover = v.await(() -> v.holdsVip(db2), () -> t.tail(30));
        t.awaitLogContains("(VI_W) BACKUP -> MASTER (master down timer expired)");
        System.out.printf("keepalived SIGKILL -> tandem master: %d ms (master-down interval 3.61 s)%n", takeover.toMillis());
        v.await(() -> capture.packets().stream().anyMatch(l -> l.contains(
                db2.address().getHostAddress() + " > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100")),
                () -> "tcpdump did not decode tandem's advert: " + capture.packets());
    }

    @Test
    void aFailingTrackScriptWithWeightZeroPutsTheMasterInFaultAndTheVipMoves() throws Exception {
        Path flag = db1.dir().resolve("mysql-down");
        Path script = db1.dir().resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\n[ ! -e " + flag + " ]\n");
        script.toFile().setExecutable(true, false);
        String top = "vrrp_script chk {\n script \"" + script + "\"\n interval 0.2\n fall 1\n rise 1\n}";
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 3, "track_script {\n chk\n }", top));
        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 3, "", ""));
        v.awaitMaster(db1, db2, t1, t2);

        Files.createFile(flag);
        Duration moved = v.await(() -> v.holdsVip(db2) && !v.holdsVip(db1), () -> t1.tail(30) + "\n---\n" + t2.tail(30));
        t1.awaitLogContains("(VI_W) MASTER -> FAULT");
        System.out.printf("check fails -> VIP on the other master: %d ms%n", moved.toMillis());

        Files.delete(flag);
        v.awaitMaster(db1, db2, t1, t2);
        t1.awaitLogContains("(VI_W) FAULT -> BACKUP");
    }
}
