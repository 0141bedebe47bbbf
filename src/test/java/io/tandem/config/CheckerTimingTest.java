package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checker timing resolved as keepalived 2.2.7's check_data.c does: checker, then real server, then
 * virtual server, then the checker type's default; warmup defaults to the checker's delay_loop.
 * Ranges as keepalived -t reports them (retry below 1 on a virtual or real server is an error).
 */
class CheckerTimingTest {
    private static ConfigLoader.Result load(String service, String server, String checkers) {
        return Load.text(Load.instance("VI_1", "eth0", 1, "192.168.1.5/24") + "virtual_server 192.168.1.5 3306 {\n"
                + "    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n    delay_loop 6\n" + service
                + "    real_server 192.168.1.10 3306 {\n" + server + checkers + "    }\n}\n");
    }

    private static VirtualServer.RealServer real(ConfigLoader.Result r) {
        return r.config().virtualServers().getFirst().realServers().getFirst();
    }

    @Test
    void defaultsAreKeepalivedsPerCheckerType() {
        ConfigLoader.Result r = load("", "", "        TCP_CHECK {\n        }\n        MISC_CHECK {\n            misc_path /bin/true\n        }\n"
                + "        MYSQL_CHECK {\n            user monitor\n        }\n");
        VirtualServer.RealServer rs = real(r);
        Duration six = Duration.ofSeconds(6);
        assertThat(rs.timings()).containsExactly(
                new CheckerTiming(1, Duration.ofSeconds(1), six, six, false),
                new CheckerTiming(0, Duration.ofSeconds(1), six, six, false),
                new CheckerTiming(1, Duration.ofSeconds(1), six, six, false));
        assertThat(((TcpCheck) rs.checkers().getFirst()).connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(((MysqlCheck) rs.checkers().get(2)).connectTimeout()).isEqualTo(MysqlCheck.DEFAULT_CONNECT_TIMEOUT);
        assertThat(rs.smtpAlert()).isEmpty();
    }

    @Test
    void theCheckerOverridesTheRealServerWhichOverridesTheVirtualServer() {
        ConfigLoader.Result r = load("    retry 4\n    delay_before_retry 3\n    warmup 0\n    alpha\n    connect_timeout 7\n",
                "        retry 2\n        delay_loop 4\n        connect_timeout 0.5\n        smtp_alert off\n",
                "        TCP_CHECK {\n            retry 0\n            delay_before_retry 0.2\n            alpha no\n        }\n"
                        + "        MISC_CHECK {\n            misc_path /bin/true\n            warmup 9\n        }\n"
                        + "        MYSQL_CHECK {\n            user monitor\n        }\n");
        assertThat(Load.find(r, Severity.ERROR, "")).as(Load.show(r)).isEmpty(); // exit 6 (script security), as keepalived
        VirtualServer.RealServer rs = real(r);
        Duration four = Duration.ofSeconds(4);
        assertThat(rs.timings()).containsExactly(
                new CheckerTiming(0, Duration.ofMillis(200), four, Duration.ZERO, false),
                new CheckerTiming(2, Duration.ofSeconds(3), four, Duration.ofSeconds(9), true),
                new CheckerTiming(2, Duration.ofSeconds(3), four, Duration.ZERO, true));
        assertThat(((TcpCheck) rs.checkers().getFirst()).connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(((TcpCheck) rs.checkers().getFirst()).retry()).isZero();
        assertThat(((MysqlCheck) rs.checkers().get(2)).connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(rs.smtpAlert()).contains(false);
    }

    @Test
    void retryZeroIsAnErrorOnVirtualAndRealServersAsInKeepalived() {
        ConfigLoader.Result r = load("    retry 0\n", "        retry 0\n", "        TCP_CHECK {\n            retry 0\n        }\n");
        assertThat(Load.find(r, Severity.ERROR, "retry")).hasSize(2);
        assertThat(real(r).timings().getFirst().retry()).isZero();
    }

    @Test
    void proxyConnectTimeoutAndSmtpAlertOfTheVirtualServer() {
        ConfigLoader.Result r = load("    proxy_connect_timeout 0.3\n    smtp_alert\n", "", "        TCP_CHECK {\n        }\n");
        assertThat(r.exitCode(false)).as(Load.show(r)).isZero();
        VirtualServer vs = r.config().virtualServers().getFirst();
        assertThat(vs.proxyConnectTimeout()).contains(Duration.ofMillis(300));
        assertThat(vs.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(vs.smtpAlert()).isEqualTo(Optional.of(true));
        ConfigLoader.Result plain = load("", "", "        TCP_CHECK {\n        }\n");
        assertThat(plain.config().virtualServers().getFirst().connectTimeout()).isEqualTo(VirtualServer.DEFAULT_PROXY_CONNECT_TIMEOUT);
    }

    @Test
    void nbGetRetryInTcpCheckIsWarnedAndTakenAsRetry() {
        ConfigLoader.Result r = load("", "", "        TCP_CHECK {\n            nb_get_retry 3\n        }\n");
        assertThat(Load.find(r, Severity.WARNING, "nb_get_retry")).hasSize(1);
        assertThat(real(r).timings().getFirst().retry()).isEqualTo(3);
    }

    @Test
    void noCheckerEmailsIsKeepalivedsGlobalKeyword() {
        ConfigLoader.Result r = Load.text("global_defs {\n    no_checker_emails\n}\n" + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.diagnostics()).as(Load.show(r)).noneMatch(d -> d.format().contains("no_checker_emails"));
        assertThat(r.config().globalDefs().noCheckerEmails()).isTrue();
        assertThat(load("", "", "        TCP_CHECK {\n        }\n").config().globalDefs().noCheckerEmails()).isFalse();
    }
}
