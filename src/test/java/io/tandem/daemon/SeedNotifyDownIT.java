package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The classic master-master setup's own way to follow mysqld, unchanged: a {@code virtual_server}
 * on the VIP whose only {@code real_server} is the local mysqld, with a {@code TCP_CHECK} and a
 * {@code notify_down} that stops the daemon, so the VIP moves when mysqld dies. mysqld listens on
 * 0.0.0.0:3306, so Tandem cannot proxy that port; its checks and notify scripts run anyway.
 */
class SeedNotifyDownIT {
    private VrrpLab v;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported() && MariaDb.isInstalled(), "needs root, iproute2 and mariadb-server");
        v = new VrrpLab();
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    /** keepalived.conf as the classic setup writes it, with the stop script reading Tandem's pid file. */
    private String conf(Host h, int priority) throws Exception {
        Path stop = h.dir().resolve("stop-tandem.sh");
        Files.writeString(stop, "#!/bin/sh\nkill -TERM \"$(cat " + h.dir().resolve("tandem.pid") + ")\"\n");
        stop.toFile().setExecutable(true, false);
        String self = h.address().getHostAddress();
        String vs = """
                virtual_server %s 3306 {
                    delay_loop 1
                    lb_algo wrr
                    lb_kind DR
                    persistence_timeout 50
                    protocol TCP
                    real_server %s 3306 {
                        weight 3
                        notify_down %s
                        TCP_CHECK {
                            connect_timeout 1
                            connect_port 3306
                        }
                    }
                }
                """.formatted(v.vip, self, stop);
        return v.conf(h, priority, 2, "nopreempt", "") + vs;
    }

    @Test
    void aDeadMysqldStopsTheDaemonThroughNotifyDownAndTheVipMoves() throws Exception {
        MariaDb m1 = v.db1.startMariaDb();
        v.db2.startMariaDb();
        LabProcess t1 = v.tandem(v.db1, conf(v.db1, 150));
        LabProcess t2 = v.tandem(v.db2, conf(v.db2, 100));
        v.awaitMaster(v.db1, v.db2, t1, t2);
        t1.awaitLogContains("not proxying, checks and notify scripts still run");

        long killed = System.nanoTime();
        m1.kill9();
        Duration moved = VrrpLab.await(() -> v.holdsVip(v.db2) && !v.holdsVip(v.db1), () -> t1.tail(30) + "\n---\n" + t2.tail(30));
        assertThat(t1.waitFor(VrrpLab.WAIT)).as("notify_down stopped Tandem on db1").isTrue();
        assertThat(t1.exitCode()).hasValue(0);
        t2.awaitLogContains("(VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        System.out.printf("seed style: kill -9 mysqld -> TCP_CHECK down -> notify_down stops Tandem -> VIP on db2: %d ms%n",
                Duration.ofNanos(System.nanoTime() - killed).toMillis());
    }
}
