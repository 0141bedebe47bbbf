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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP applies a changed configuration: instances that still exist keep their state (the master
 * keeps its VIP and sends no priority 0, the backup never takes over, no notify script runs
 * again), added addresses and instances come up, removed ones go as RFC 5798 says.
 */
class VrrpReloadIT {
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

    /** A second instance VI_R (VRID 52) holding {@code address}. */
    private static String readInstance(int priority, String address) {
        return """
                vrrp_instance VI_R {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, address);
    }

    private String withExtraVip(String conf, String extra) {
        return conf.replace(v.vip + "/24 label eth0:vip", v.vip + "/24 label eth0:vip\n        " + extra + "/24");
    }

    private void reload(LabProcess p, Host h, String conf, int instances) throws Exception {
        Files.writeString(h.dir().resolve("tandem.conf"), conf);
        String done = "SIGHUP: running " + instances + " vrrp_instance(s)";
        long before = p.logText().lines().filter(l -> l.contains(done)).count();
        p.signal(Signal.HUP);
        VrrpLab.await(() -> p.logText().lines().filter(l -> l.contains(done)).count() > before, () -> p.tail(30));
    }

    @Test
    void aReloadKeepsTheMasterAndTheBackupInTheirStatesAndAppliesTheChanges() throws Exception {
        Path notified = db1.dir().resolve("notified");
        String notify = "notify_master \"/bin/sh -c 'echo master >> " + notified + "'\"";
        String read = v.lab.subnet().address(101).getHostAddress();
        String extra = v.lab.subnet().address(102).getHostAddress();
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 3, notify, ""));
        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 3, "", ""));
        v.awaitMaster(db1, db2, t1, t2);
        t2.awaitLog("(VI_W) INIT -> BACKUP", VrrpLab.WAIT);
        VrrpLab.await(() -> Files.exists(notified), () -> "notify_master did not run: " + t1.tail(20));
        Capture capture = db2.capture("vrrp");

        // db1: a second address on VI_W and a new instance VI_R; db2: VI_R too, as backup.
        reload(t1, db1, withExtraVip(v.conf(db1, 150, 3, notify, readInstance(150, read)), extra), 2);
        reload(t2, db2, v.conf(db2, 100, 3, "", readInstance(100, read)), 2);
        VrrpLab.await(() -> VrrpLab.holdsAddress(db1, "eth0", extra) && VrrpLab.holdsAddress(db1, "eth0", read),
                () -> t1.tail(30));

        t1.awaitLogContains("(VI_W) reload: resuming from MASTER", "(VI_W) INIT -> MASTER (configuration reloaded, state kept)");
        t2.awaitLogContains("(VI_W) reload: resuming from BACKUP");
        assertThat(v.holdsVip(db1)).isTrue();
        assertThat(v.holdsVip(db2)).isFalse();
        assertThat(t2.logText()).doesNotContain("BACKUP -> MASTER");
        assertThat(t1.logText()).doesNotContain("MASTER -> BACKUP");
        assertThat(Files.readAllLines(notified)).as("notify_master ran once, at the first election only").hasSize(1);
        assertThat(capture.packets()).as("no priority 0 from the kept master")
                .noneMatch(l -> l.contains(db1.address().getHostAddress() + " > 224.0.0.18") && l.contains("prio 0"));

        // Back: VI_R and the extra address leave db1's configuration.
        reload(t1, db1, v.conf(db1, 150, 3, notify, ""), 1);
        VrrpLab.await(() -> !VrrpLab.holdsAddress(db1, "eth0", extra), () -> t1.tail(30));
        t1.awaitLogContains("(VI_R) removed from the configuration: stopping", "(VI_W) reload: releasing");
        VrrpLab.await(() -> VrrpLab.holdsAddress(db2, "eth0", read) && !VrrpLab.holdsAddress(db1, "eth0", read),
                () -> t2.tail(30));
        t2.awaitLogContains("(VI_R) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        assertThat(v.holdsVip(db1)).as("VI_W kept its VIP through both reloads").isTrue();
        assertThat(Files.readAllLines(notified)).hasSize(1);
    }

    @Test
    void aReloadThatCannotRunKeepsTheRunningInstances() throws Exception {
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 3, "", ""));
        VrrpLab.await(() -> v.holdsVip(db1), () -> t1.tail(30));
        Files.writeString(db1.dir().resolve("tandem.conf"), v.conf(db1, 150, 3, "", "").replace("interface eth0", "interface nosuch0"));
        t1.signal(Signal.HUP);
        t1.awaitLog("; keeping the current one", VrrpLab.WAIT);
        assertThat(v.holdsVip(db1)).isTrue();
        assertThat(t1.isAlive()).isTrue();
        assertThat(t1.logText()).doesNotContain("MASTER -> ");
    }
}
