package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed pairs, every combination the issue names: VRRPv2 with PASS auth and VRRPv3, multicast and
 * unicast, Tandem as master with a keepalived backup and the reverse. Each pair elects the higher
 * priority, fails over when the master stops, and fails back when it returns.
 */
class KeepalivedInteropIT {
    private VrrpLab v;

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    static Stream<Arguments> combinations() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int version : new int[] {2, 3}) {
            for (boolean unicast : new boolean[] {false, true}) {
                for (boolean tandemMaster : new boolean[] {true, false}) {
                    b.add(Arguments.of(version, unicast, tandemMaster));
                }
            }
        }
        return b.build();
    }

    private String extra(int version, boolean unicast, Host self, Host peer) {
        StringBuilder sb = new StringBuilder();
        if (version == 2) {
            sb.append("authentication {\n auth_type PASS\n auth_pass s3cret\n }\n");
        }
        if (unicast) {
            sb.append("unicast_src_ip ").append(self.address().getHostAddress())
                    .append("\n unicast_peer {\n ").append(peer.address().getHostAddress()).append("\n }\n");
        }
        return sb.toString();
    }

    private LabProcess start(boolean tandem, Host h, int priority, int version, boolean unicast, Host peer) throws Exception {
        String conf = v.conf(h, priority, version, extra(version, unicast, h, peer), "");
        return tandem ? v.tandem(h, conf) : v.keepalived(h, conf);
    }

    @ParameterizedTest(name = "VRRPv{0} unicast={1} tandemIsMaster={2}")
    @MethodSource("combinations")
    void electsFailsOverAndFailsBack(int version, boolean unicast, boolean tandemMaster) throws Exception {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "needs keepalived");
        v = new VrrpLab();
        Host master = v.db1;
        Host backup = v.db2;
        LabProcess m = start(tandemMaster, master, 150, version, unicast, backup);
        LabProcess b = start(!tandemMaster, backup, 100, version, unicast, master);
        v.awaitMaster(master, backup, m, b);

        m.terminate();
        VrrpLab.await(() -> v.holdsVip(backup) && !v.holdsVip(master), () -> b.tail(30));
        assertThat(b.isAlive()).isTrue();

        LabProcess again = start(tandemMaster, master, 150, version, unicast, backup);
        v.awaitMaster(master, backup, again, b);
        if (tandemMaster) {
            b.awaitLogContains("(VI_W) Entering BACKUP STATE");
        } else {
            b.awaitLogContains("(VI_W) MASTER -> BACKUP (advert with higher priority)");
        }
    }
}
