package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.MariaDb;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VIP follows mysqld, not only the host: a {@code vrrp_script} with Tandem's built-in
 * {@code MYSQL_CHECK} at weight 0 puts the master in FAULT when its mysqld dies or hangs, and the
 * backup takes over after Skew_Time (priority 0), not a whole master-down interval.
 */
class MysqlFollowIT {
    private static final String PASSWORD = "tandem-pw";
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

    private String conf(Host h, int priority) {
        String check = """
                vrrp_script chk_mysql {
                    MYSQL_CHECK {
                        connect_ip %s
                        connect_port 3306
                        user tandem
                        password %s
                        connect_timeout 0.5
                    }
                    interval 0.3
                    fall 1
                    rise 1
                }
                """.formatted(h.address().getHostAddress(), PASSWORD);
        return v.conf(h, priority, 3, "track_script {\n chk_mysql\n }", check);
    }

    private static MariaDb mysqld(Host h) {
        MariaDb m = h.startMariaDb();
        m.sql("CREATE USER 'tandem'@'%' IDENTIFIED BY '" + PASSWORD + "'");
        return m;
    }

    @Test
    void theVipLeavesAMasterWhoseMysqldDiesOrHangsAndReturnsWithIt() throws Exception {
        MariaDb m1 = mysqld(v.db1);
        mysqld(v.db2);
        LabProcess t1 = v.tandem(v.db1, conf(v.db1, 150));
        LabProcess t2 = v.tandem(v.db2, conf(v.db2, 100));
        v.awaitMaster(v.db1, v.db2, t1, t2);

        m1.kill9();
        Duration moved = VrrpLab.await(() -> v.holdsVip(v.db2) && !v.holdsVip(v.db1), () -> t1.tail(20) + "\n---\n" + t2.tail(20));
        t1.awaitLogContains("vrrp_script chk_mysql is down", "(VI_W) MASTER -> FAULT");
        t2.awaitLogContains("(VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        assertThat(t1.logText()).doesNotContain(PASSWORD);
        System.out.printf("kill -9 mysqld on the master -> VIP on the backup: %d ms%n", moved.toMillis());

        m1.start();
        v.awaitMaster(v.db1, v.db2, t1, t2);

        m1.process().pause();
        try {
            Duration hung = VrrpLab.await(() -> v.holdsVip(v.db2) && !v.holdsVip(v.db1), () -> t1.tail(20));
            System.out.printf("SIGSTOP mysqld on the master -> VIP on the backup: %d ms%n", hung.toMillis());
            t1.awaitLogContains("no answer within 500 ms");
        } finally {
            m1.process().resume();
        }
        v.awaitMaster(v.db1, v.db2, t1, t2);
    }
}
