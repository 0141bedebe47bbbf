package io.tandem.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A made-up daemon status with one master instance, one check, one backend: input for the renderer tests. */
final class Samples {
    static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");

    static DaemonStatus status(String instanceName) {
        InstanceView i = new InstanceView(instanceName, "MASTER", "eth0", 51, 2, 150, 130, false,
                List.of(new InstanceView.Adjustment("interface eth0", 0, false, "up", 0, false),
                        new InstanceView.Adjustment("script chk_mysql", -20, false, "down", -20, false)),
                List.of("10.0.0.100/24"), Optional.of(new InstanceView.PeerHeard("10.0.0.2", 100, NOW.minusSeconds(40))),
                Optional.of(new InstanceView.TransitionView("BACKUP", "MASTER", "master down timer expired", NOW.minusSeconds(30))),
                2, 1, 0, 31, 12, 0, 1, "eth0/multicast", Map.of("PASSWORD_MISMATCH", 2L),
                Optional.of(new MysqlView("127.0.0.1:3306", "writable", Optional.of(NOW.minusSeconds(1)), Optional.empty(),
                        "10.11.14-MariaDB", false, false,
                        Optional.of(new MysqlView.Replica("10.0.0.2", true, true, OptionalLong.of(0), Optional.empty())),
                        "1-1-42,2-2-17", Optional.empty(), false)));
        CheckView c = new CheckView("chk_mysql", "vrrp_script", "down", 2, 3, 1, Duration.ofSeconds(1),
                Optional.of(new CheckView.Result(false, "exit 1", Duration.ofMillis(12), NOW.minusSeconds(1))));
        ChannelView ch = new ChannelView("eth0/multicast", "eth0", Map.of("PASSWORD_MISMATCH", 3L, "TTL_INVALID", 1L));
        VirtualServerView vs = new VirtualServerView("10.0.0.200", 3306, "wlc", true, 1, 0, 3, "10.0.0.99:3306", 1, "v2",
                List.of(new VirtualServerView.Backend("10.0.0.11", 3306, "up", false, false, 1, 2, 40, 1000, 5000, OptionalLong.of(1),
                        "replica lag 1 s", Duration.ofMillis(4))));
        return new DaemonStatus("0.1.0", 4242, "db1", "/etc/tandem/keepalived.conf", NOW, NOW.minusSeconds(100), 3, List.of(i),
                List.of(c), List.of(ch), List.of(vs), List.of(new TimelineEntry(instanceName, "INIT", "BACKUP", "start-up",
                NOW.minusSeconds(33)), new TimelineEntry(instanceName, "BACKUP", "MASTER", "master down timer expired",
                NOW.minusSeconds(30))));
    }
}
