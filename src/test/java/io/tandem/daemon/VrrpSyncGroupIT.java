package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vrrp_sync_group with real daemons: on each host VI_A (VRID 51) on eth0 and VI_B (VRID 52) on
 * a second interface eth1 with an address on a second subnet, 10.232.k.0/24 (k the lab's own
 * third octet, so it lives only inside this lab's namespaces). Setting the master's eth1 down
 * must move both virtual addresses; with keepalived 2.2.7 on the other host in both roles, the
 * group fails over as a whole and comes back as a whole. Durations are printed, not asserted.
 */
class VrrpSyncGroupIT {
    private VrrpLab v;
    private Host db1;
    private Host db2;
    private String vipB;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        v = new VrrpLab();
        db1 = v.db1;
        db2 = v.db2;
        vipB = secondSubnet(100);
        for (Host h : new Host[] {db1, db2}) {
            h.addInterface("eth1");
            h.execOrThrow("ip", "addr", "add", secondSubnet(10 + h.index()) + "/24", "dev", "eth1");
        }
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    private String secondSubnet(int lastOctet) {
        return "10.232." + v.lab.subnet().thirdOctet() + "." + lastOctet;
    }

    /** Group G of VI_A (eth0) and VI_B (eth1); every notify of the group and the members logs its arguments. */
    private String conf(Host h, int priority, int version) throws IOException {
        return conf(h, priority, version, "", "");
    }

    /** The same with {@code top} before the group and {@code groupExtra} inside it. */
    private String conf(Host h, int priority, int version, String top, String groupExtra) throws IOException {
        Path script = h.dir().resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + h.dir().resolve("notify.log") + "\n");
        script.toFile().setExecutable(true, false);
        return """
                global_defs {
                    router_id %1$s
                    vrrp_version %2$d
                    enable_script_security
                    script_user root
                }
                %7$s
                vrrp_sync_group G {
                    group {
                        VI_A
                        VI_B
                    }
                    %8$s
                    notify "%3$s"
                    notify_master "%3$s group-master"
                    notify_backup "%3$s group-backup"
                    notify_fault "%3$s group-fault"
                }
                vrrp_instance VI_A {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %4$d
                    advert_int 1
                    notify "%3$s"
                    virtual_ipaddress {
                        %5$s/24
                    }
                }
                vrrp_instance VI_B {
                    state BACKUP
                    interface eth1
                    virtual_router_id 52
                    priority %4$d
                    advert_int 1
                    notify "%3$s"
                    virtual_ipaddress {
                        %6$s/24
                    }
                }
                """.formatted(h.name(), version, script, priority, v.vip, vipB, top, groupExtra);
    }

    private boolean holdsBoth(Host h) {
        return v.holdsVip(h) && VrrpLab.holdsAddress(h, "eth1", vipB);
    }

    private boolean holdsNone(Host h) {
        return !v.holdsVip(h) && !VrrpLab.holdsAddress(h, "eth1", vipB);
    }

    /** Waits until {@code master} holds both addresses and {@code other} neither; returns how long it took. */
    private Duration awaitGroupMaster(Host master, Host other, LabProcess a, LabProcess b) throws InterruptedException {
        return VrrpLab.await(() -> holdsBoth(master) && holdsNone(other), () -> "both VIPs on " + master.name()
                + " only; logs:\n" + a.tail(40) + "\n---\n" + b.tail(40));
    }

    private static String notifications(Host h) throws IOException {
        Path log = h.dir().resolve("notify.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static void awaitNotified(Host h, String... lines) throws InterruptedException {
        VrrpLab.await(() -> {
            try {
                String text = notifications(h);
                for (String line : lines) {
                    if (!text.lines().toList().contains(line)) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }, () -> {
            try {
                return h.name() + " notify.log:\n" + notifications(h);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    @Test
    void twoTandemsMoveBothAddressesWhenTheMastersSecondLinkGoesDown() throws Exception {
        LabProcess t1 = v.tandem(db1, conf(db1, 150, 3), 2);
        LabProcess t2 = v.tandem(db2, conf(db2, 100, 3), 2);
        awaitGroupMaster(db1, db2, t1, t2);
        awaitNotified(db1, "GROUP G BACKUP 0", "group-master", "GROUP G MASTER 0", "INSTANCE VI_A MASTER 150",
                "INSTANCE VI_B MASTER 150");
        t2.awaitLog("(VI_B) INIT -> BACKUP", VrrpLab.WAIT);

        db1.linkDown("eth1");
        Duration moved = awaitGroupMaster(db2, db1, t2, t1);
        t1.awaitLogContains("(VI_B) MASTER -> FAULT (fault)",
                "VRRP_Group(G) MASTER -> FAULT (VI_B)", "(VI_A) MASTER -> FAULT (synced with its vrrp_sync_group)");
        t2.awaitLogContains("VRRP_Group(G) BACKUP -> MASTER");
        System.out.printf("tandem + tandem: master's eth1 down -> both VIPs on the backup: %d ms%n", moved.toMillis());
        awaitNotified(db1, "INSTANCE VI_B FAULT 150", "INSTANCE VI_A FAULT 150", "group-fault", "GROUP G FAULT 0");
        awaitNotified(db2, "INSTANCE VI_A MASTER 100", "INSTANCE VI_B MASTER 100", "group-master", "GROUP G MASTER 0");

        db1.linkUp("eth1");
        Duration back = awaitGroupMaster(db1, db2, t1, t2);
        t1.awaitLogContains("(VI_B) FAULT -> BACKUP (fault cleared)",
                "(VI_A) FAULT -> BACKUP (synced with its vrrp_sync_group)", "VRRP_Group(G) FAULT -> BACKUP (VI_B)");
        t2.awaitLogContains("VRRP_Group(G) MASTER -> BACKUP");
        System.out.printf("tandem + tandem: eth1 up -> both VIPs back on the preferred master: %d ms%n", back.toMillis());
        awaitNotified(db2, "INSTANCE VI_A BACKUP 100", "INSTANCE VI_B BACKUP 100", "group-backup");
    }

    @Test
    void keepalivedBacksUpATandemGroupAndTakesItOverAsAWhole() throws Exception {
        LabProcess t = v.tandem(db1, conf(db1, 150, 2), 2);
        LabProcess k = v.keepalived(db2, conf(db2, 100, 2));
        awaitGroupMaster(db1, db2, t, k);
        k.awaitLog("(VI_B) Entering BACKUP STATE", VrrpLab.WAIT);

        db1.linkDown("eth1");
        Duration moved = awaitGroupMaster(db2, db1, k, t);
        k.awaitLogContains("(VI_A) Backup received priority 0 advertisement",
                "VRRP_Group(G) Syncing instances to MASTER state");
        System.out.printf("tandem -> keepalived: master's eth1 down -> both VIPs moved: %d ms%n", moved.toMillis());

        db1.linkUp("eth1");
        Duration back = awaitGroupMaster(db1, db2, t, k);
        k.awaitLogContains("Master received advert from", "VRRP_Group(G) Syncing instances to BACKUP state");
        System.out.printf("keepalived -> tandem: eth1 up -> both VIPs back: %d ms%n", back.toMillis());
    }

    @Test
    void tandemBacksUpAKeepalivedGroupAndTakesItOverAsAWhole() throws Exception {
        LabProcess k = v.keepalived(db1, conf(db1, 150, 3));
        LabProcess t = v.tandem(db2, conf(db2, 100, 3), 2);
        awaitGroupMaster(db1, db2, k, t);
        t.awaitLog("(VI_B) INIT -> BACKUP", VrrpLab.WAIT);

        db1.linkDown("eth1");
        Duration moved = awaitGroupMaster(db2, db1, t, k);
        k.awaitLogContains("VRRP_Group(G) Syncing instances to FAULT state");
        t.awaitLogContains("VRRP_Group(G) BACKUP -> MASTER");
        System.out.printf("keepalived -> tandem: master's eth1 down -> both VIPs moved: %d ms%n", moved.toMillis());

        db1.linkUp("eth1");
        Duration back = awaitGroupMaster(db1, db2, k, t);
        t.awaitLogContains("MASTER -> BACKUP (advert with higher priority)",
                "MASTER -> BACKUP (synced with its vrrp_sync_group)", "VRRP_Group(G) MASTER -> BACKUP");
        System.out.printf("tandem -> keepalived: eth1 up -> both VIPs back: %d ms%n", back.toMillis());
        awaitNotified(db2, "GROUP G MASTER 0", "GROUP G BACKUP 0", "group-backup");
    }

    @Test
    void theGroupsOwnWeightedTrackScriptLowersEveryMemberAndTheBackupPreempts() throws Exception {
        Path flag = db1.dir().resolve("down");
        Path check = db1.dir().resolve("check.sh");
        Files.writeString(check, "#!/bin/sh\n[ ! -e " + flag + " ]\n");
        check.toFile().setExecutable(true, false);
        String top = "vrrp_script chk {\n script \"" + check + "\"\n interval 0.2\n fall 1\n rise 1\n}";
        LabProcess t1 = v.tandem(db1, conf(db1, 150, 3, top, "track_script {\n chk weight -60\n }"), 2);
        LabProcess t2 = v.tandem(db2, conf(db2, 100, 3), 2);
        awaitGroupMaster(db1, db2, t1, t2);

        Files.createFile(flag);
        Duration moved = awaitGroupMaster(db2, db1, t2, t1);
        t1.awaitLogContains("(VI_A) effective priority 150 -> 90", "(VI_B) effective priority 150 -> 90",
                "VRRP_Group(G) MASTER -> BACKUP");
        System.out.printf("group track_script (weight -60) fails on the master -> both VIPs on the backup: %d ms%n",
                moved.toMillis());

        Files.delete(flag);
        awaitGroupMaster(db1, db2, t1, t2);
        t1.awaitLogContains("(VI_A) effective priority 90 -> 150");
    }
}
