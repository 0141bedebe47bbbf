package io.tandem.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusRenderingTest {
    @Test
    void textShowsStatePriorityReasonsMasterTransitionCountersDropsMysqlChecksAndBackends() {
        String t = StatusText.render(Samples.status("VI_W"));
        assertThat(t).contains("vrrp_instance VI_W: MASTER")
                .contains("priority 130 effective, 150 configured")
                .contains("script chk_mysql: down, weight -20 -> -20")
                .contains("interface eth0: up (fault when down)")
                .contains("virtual_ipaddress 10.0.0.100/24")
                .contains("master: this node (last other master heard: 10.0.0.2 priority 100, 2026-11-25T15:59:20Z (40 s ago))")
                .contains("last transition: BACKUP -> MASTER (master down timer expired), 2026-11-25T15:59:30Z (30 s ago)")
                .contains("adverts: sent 31, received 12; priority 0 sent 0, received 1")
                .contains("dropped for this instance: PASSWORD_MISMATCH 2; on eth0/multicast (all): PASSWORD_MISMATCH 3, TTL_INVALID 1")
                .contains("mysql 127.0.0.1:3306: writable (10.11.14-MariaDB, read_only OFF)")
                .contains("replication from 10.0.0.2: IO running, SQL running, lag 0 s")
                .contains("gtid position: 1-1-42,2-2-17")
                .contains("check chk_mysql (vrrp_script): down, rise 2 fall 3, position 1 of 0..4 (up from 2), every 1000 ms")
                .contains("last: failure in 12 ms, 2026-11-25T15:59:59Z (1 s ago): exit 1")
                .contains("virtual_server 10.0.0.200:3306 wlc: quorum up (1), refused 0, queued 3, proxy_protocol v2, sorry_server 10.0.0.99:3306 (1 on it)\n")
                .contains("real_server 10.0.0.11:3306 up, weight 1, active 2, total 40, bytes in 1000 out 5000, lag 1 s")
                .contains("recent transitions (oldest first):\n  2026-11-25T15:59:27Z (33 s ago) VI_W: INIT -> BACKUP (start-up)\n"
                        + "  2026-11-25T15:59:30Z (30 s ago) VI_W: BACKUP -> MASTER (master down timer expired)\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsValidAndCarriesTheSameFacts() {
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(StatusJson.render(Samples.status("VI_W")));
        assertThat(doc).containsEntry("router_id", "db1").containsEntry("pid", 4242L);
        Map<String, Object> i = ((List<Map<String, Object>>) doc.get("vrrp_instances")).getFirst();
        assertThat(i).containsEntry("state", "MASTER").containsEntry("effective_priority", 130L)
                .containsEntry("base_priority", 150L).containsEntry("virtual_ipaddress", List.of("10.0.0.100/24"));
        assertThat((Map<String, Object>) i.get("last_transition")).containsEntry("reason", "master down timer expired")
                .containsEntry("at", "2026-11-25T15:59:30Z");
        assertThat((Map<String, Object>) i.get("dropped")).containsOnly(Map.entry("password_mismatch", 2L));
        assertThat((Map<String, Object>) ((List<Map<String, Object>>) doc.get("channels")).getFirst().get("dropped"))
                .containsEntry("password_mismatch", 3L).containsEntry("ttl_invalid", 1L);
        assertThat((Map<String, Object>) i.get("counters")).containsEntry("adverts_sent", 31L);
        Map<String, Object> m = (Map<String, Object>) i.get("mysql");
        assertThat(m).containsEntry("role", "writable").containsEntry("gtid_position", "1-1-42,2-2-17");
        assertThat((Map<String, Object>) m.get("replica")).containsEntry("lag_seconds", 0L);
        assertThat(((List<Map<String, Object>>) i.get("tracked")).get(1)).containsEntry("change", -20L);
        Map<String, Object> vs = ((List<Map<String, Object>>) doc.get("virtual_servers")).getFirst();
        assertThat(vs).containsEntry("proxy_protocol", "v2").containsEntry("refused", 0L).containsEntry("queued", 3L)
                .containsEntry("sorry_server", "10.0.0.99:3306").containsEntry("on_sorry_server", 1L);
        Map<String, Object> b = ((List<Map<String, Object>>) vs.get("backends")).getFirst();
        assertThat(b).containsEntry("active", 2L).containsEntry("lag_seconds", 1L);
        assertThat((List<Map<String, Object>>) doc.get("timeline")).extracting(t -> t.get("to")).containsExactly("BACKUP", "MASTER");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonEscapesNamesThatCarryQuotesAndControlCharacters() {
        String odd = "VI_\"x\"\\\n\t\u0001\u2028é";
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(StatusJson.render(Samples.status(odd)));
        assertThat(((List<Map<String, Object>>) doc.get("vrrp_instances")).getFirst()).containsEntry("name", odd);
    }

    @Test
    void statsFollowKeepalivedsLayout() {
        String s = StatsText.render(Samples.status("VI_W"));
        assertThat(s).startsWith("VRRP Instance: VI_W\n  Advertisements:\n    Received: 12\n    Sent: 31\n")
                .contains("  Became master: 1\n  Released master: 0\n")
                .contains("    TTL: 1\n")
                .contains("  Authentication Errors:\n    Invalid Type: 0\n    Type Mismatch: 0\n    Failure: 2\n")
                .contains("  Priority Zero:\n    Received: 1\n    Sent: 0\n");
    }
}
