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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real virtual IPs moving between real daemons in lab hosts: two Tandems, and Tandem paired with
 * real keepalived 2.2 in both roles. Waits are bounded polls of the observable state (who holds
 * the VIP); durations are printed, not asserted (speed belongs in benchmarks).
 */
class VrrpFailoverIT {
    private static final Path TANDEM = Path.of(System.getProperty("tandem.dist", "target/dist"), "bin", "tandem").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Lab lab;
    private Host db1;
    private Host db2;
    private String vip;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        lab = Lab.create();
        db1 = lab.addHost("db1");
        db2 = lab.addHost("db2");
        vip = lab.subnet().address(100).getHostAddress();
    }

    @AfterEach
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    private String conf(Host h, int priority, int version, String extraInstance, String extraTop) {
        return """
                global_defs {
                    router_id %s
                    vrrp_version %d
                    enable_script_security
                    script_user root
                }
                %s
                vrrp_instance VI_W {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    %s
                    virtual_ipaddress {
                        %s/24 label eth0:vip
                    }
                }
                """.formatted(h.name(), version, extraTop, priority, extraInstance, vip);
    }

    private LabProcess tandem(Host h, String conf) throws Exception {
        Path file = h.dir().resolve("tandem.conf");
        Files.writeString(file, conf);
        LabProcess p = h.spawn("tandem", TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString(),
                "-p", h.dir().resolve("tandem.pid").toString());
        p.awaitLog("running 1 vrrp_instance(s)", WAIT);
        return p;
    }

    private LabProcess keepalived(Host h, String conf) throws Exception {
        Path file = h.dir().resolve("keepalived.conf");
        Files.writeString(file, conf);
        return h.spawn("keepalived", "keepalived", "--dont-fork", "--dont-respawn", "--log-console", "--log-detail",
                "--no-syslog", "--vrrp",
                "--use-file=" + file, "--pid=" + h.dir().resolve("keepalived.pid"),
                "--vrrp_pid=" + h.dir().resolve("keepalived-vrrp.pid"));
    }

    private boolean holdsVip(Host h) {
        return h.execOrThrow("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/24");
    }

    /** Polls (bounded) until {@code condition}; returns how long it took. */
    private static Duration await(BooleanSupplier condition, Supplier<String> onTimeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + onTimeout.get());
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void awaitMaster(Host master, Host other, LabProcess a, LabProcess b) throws InterruptedException {
        await(() -> holdsVip(master) && !holdsVip(other), () -> "VIP on " + master.name() + " only; logs:\n"
                + a.tail(30) + "\n---\n" + b.tail(30));
    }

    @Test
    void twoTandemsElectTheHigherPriorityAndFailOverOnStopAndPreemptBack() throws Exception {
        String auth = "authentication {\n auth_type PASS\n auth_pass s3cret\n }";
        LabProcess t1 = tandem(db1, conf(db1, 150, 2, auth, ""));
        LabProcess t2 = tandem(db2, conf(db2, 100, 2, auth, ""));
        awaitMaster(db1, db2, t1, t2);
        t2.awaitLog("(VI_W) INIT -> BACKUP", WAIT);

        t1.signal(Signal.TERM);
        Duration takeover = await(() -> holdsVip(db2), () -> t2.tail(30));
        assertThat(t1.waitFor(WAIT)).as("tandem on db1 exits after SIGTERM").isTrue();
        assertThat(t1.exitCode()).hasValue(0);
        assertThat(holdsVip(db1)).as("the stopped master released the VIP").isFalse();
        assertThat(t2.logText()).contains("(VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        System.out.printf("tandem -> tandem takeover after SIGTERM of the master: %d ms%n", takeover.toMillis());

        LabProcess again = tandem(db1, conf(db1, 150, 2, auth, ""));
        awaitMaster(db1, db2, again, t2);
        assertThat(t2.logText()).contains("(VI_W) MASTER -> BACKUP (advert with higher priority)");
    }

    @Test
    void tandemAndKeepalivedInteroperateInBothRolesWithVrrpV3() throws Exception {
        LabProcess t = tandem(db1, conf(db1, 150, 3, "", ""));
        LabProcess k = keepalived(db2, conf(db2, 100, 3, "", ""));
        awaitMaster(db1, db2, t, k);
        k.awaitLog("(VI_W) Entering BACKUP STATE", WAIT);

        t.signal(Signal.TERM);
        Duration takeover = await(() -> holdsVip(db2) && !holdsVip(db1), () -> k.tail(30));
        assertThat(k.logText()).contains("(VI_W) Backup received priority 0 advertisement");
        System.out.printf("tandem -> keepalived takeover after SIGTERM: %d ms%n", takeover.toMillis());

        LabProcess back = tandem(db1, conf(db1, 150, 3, "", ""));
        awaitMaster(db1, db2, back, k);
        assertThat(k.logText()).contains("(VI_W) Master received advert from " + db1.address().getHostAddress()
                + " with higher priority 150, ours 100");
    }

    @Test
    void tandemBacksUpKeepalivedAndTakesOverWhenItDiesWithoutSayingSo() throws Exception {
        Capture capture = db2.capture("vrrp");
        LabProcess k = keepalived(db1, conf(db1, 150, 2, "", ""));
        LabProcess t = tandem(db2, conf(db2, 100, 2, "", ""));
        awaitMaster(db1, db2, k, t);
        t.awaitLog("(VI_W) INIT -> BACKUP", WAIT);

        // SIGKILL of keepalived's VRRP process: no priority 0 (killing the parent would make the
        // child send one on its way out); the VIP stays on db1 but nothing advertises any more.
        long vrrpChild = Long.parseLong(Files.readString(db1.dir().resolve("keepalived-vrrp.pid")).strip());
        db1.execOrThrow("kill", "-KILL", Long.toString(vrrpChild));
        Duration takeover = await(() -> holdsVip(db2), () -> t.tail(30));
        assertThat(t.logText()).contains("(VI_W) BACKUP -> MASTER (master down timer expired)");
        System.out.printf("keepalived SIGKILL -> tandem master: %d ms (master-down interval 3.61 s)%n", takeover.toMillis());
        await(() -> capture.packets().stream().anyMatch(l -> l.contains(
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
        LabProcess t1 = tandem(db1, conf(db1, 150, 3, "track_script {\n chk\n }", top));
        LabProcess t2 = tandem(db2, conf(db2, 100, 3, "", ""));
        awaitMaster(db1, db2, t1, t2);

        Files.createFile(flag);
        Duration moved = await(() -> holdsVip(db2) && !holdsVip(db1), () -> t1.tail(30) + "\n---\n" + t2.tail(30));
        assertThat(t1.logText()).contains("(VI_W) MASTER -> FAULT");
        System.out.printf("check fails -> VIP on the other master: %d ms%n", moved.toMillis());

        Files.delete(flag);
        awaitMaster(db1, db2, t1, t2);
        assertThat(t1.logText()).contains("(VI_W) FAULT -> BACKUP");
    }
}
