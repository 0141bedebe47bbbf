package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.GlobalDefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Subjects and bodies word for word as keepalived 2.2.7 writes them (smtp.c, vrrp_notify.c), and the defaults of global_data.c. */
class AlertTextTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MASTER  | [db1] VRRP Instance VI_W - Entering MASTER state | => VRRP Instance is now owning VRRP VIPs <=
            BACKUP  | [db1] VRRP Instance VI_W - Entering BACKUP state | => VRRP Instance is no longer owning VRRP VIPs <=
            FAULT   | [db1] VRRP Instance VI_W - Entering FAULT state  | => VRRP Instance is no longer owning VRRP VIPs <=
            STOP    | [db1] VRRP Instance VI_W - Stopping              | => VRRP Instance stopping <=
            DELETED | [db1] VRRP Instance VI_W - Deleted               | => VRRP Deleted at reload <=
            """)
    void instanceTransitions(String state, String subject, String body) {
        assertThat(AlertText.instance("db1", "VI_W", state)).contains(new Mail(subject, body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MASTER | [lb1] VRRP Group G - Entering MASTER state | => All VRRP group instances are now in MASTER state <=
            BACKUP | [lb1] VRRP Group G - Entering BACKUP state | => All VRRP group instances are now in BACKUP state <=
            FAULT  | [lb1] VRRP Group G - Entering FAULT state  | => All VRRP group instances are now in FAULT state <=
            STOP   | [lb1] VRRP Group G - Stopping              | => All VRRP group instances are now stopping <=
            """)
    void groupTransitions(String state, String subject, String body) {
        assertThat(AlertText.group("lb1", "G", state)).contains(new Mail(subject, body));
    }

    @Test
    void statesWithoutMailGiveNone() {
        assertThat(AlertText.instance("r", "VI", "INIT")).isEmpty();
        assertThat(AlertText.group("r", "G", "DELETED")).as("keepalived sends no group mail at reload").isEmpty();
    }

    @Test
    void checkerAndTandemAlerts() {
        assertThat(AlertText.realServer("lb1", "[10.0.0.5]:tcp:3306", "[10.0.0.100]:tcp:3306", false,
                "=> TCP CHECK failed on service <=")).isEqualTo(new Mail(
                "[lb1] Realserver [10.0.0.5]:tcp:3306 of virtual server [10.0.0.100]:tcp:3306 - DOWN",
                "=> TCP CHECK failed on service <="));
        assertThat(AlertText.virtualServer("lb1", "[10.0.0.100]:tcp:3306", true, "=> quorum up <=").subject())
                .isEqualTo("[lb1] Virtualserver [10.0.0.100]:tcp:3306 - UP");
        assertThat(AlertText.tandem("db2", "only one healthy master left", "db1 is down").subject())
                .isEqualTo("[db2] Tandem: only one healthy master left");
    }

    @Test
    void subjectsAreOneLineAndBothAreCutToKeepalivedsLimits() {
        Mail m = new Mail("a\r\nBcc: x@y " + "s".repeat(400), "b".repeat(1000));
        assertThat(m.subject()).doesNotContain("\n").doesNotContain("\r").hasSize(255);
        assertThat(m.body()).hasSize(511);
    }

    private static GlobalDefs globals(Optional<String> routerId, Optional<String> from, Optional<String> helo,
                                      Optional<GlobalDefs.FileSetting> auth) {
        return new GlobalDefs(routerId, List.of("dba@example.com", "sre@example.com"), from,
                Optional.of(new GlobalDefs.SmtpServer("127.0.0.1", 2525)), Duration.ofSeconds(7), helo, false,
                Optional.empty(), Optional.empty(), 2, Duration.ofSeconds(5), 5, Duration.ZERO, 1, Optional.empty(),
                Optional.empty(), Optional.empty(), false, GlobalDefs.StartTls.OFF, Optional.empty(), auth, false);
    }

    @Test
    void settingsTakeKeepalivedsDefaultsFromTheHostName() {
        MailSettings s = MailSettings.of(globals(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                "db1.example.com").orElseThrow();
        assertThat(s.routerId()).isEqualTo("db1.example.com");
        assertThat(s.heloName()).isEqualTo("db1.example.com");
        assertThat(s.from()).endsWith("@db1.example.com");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.server()).isEqualTo("127.0.0.1:2525");
        MailSettings set = MailSettings.of(globals(Optional.of("db1"), Optional.of("ha@example.com"), Optional.of("mx-client"),
                Optional.empty()), "host").orElseThrow();
        assertThat(set).extracting(MailSettings::routerId, MailSettings::from, MailSettings::heloName)
                .containsExactly("db1", "ha@example.com", "mx-client");
    }

    @Test
    void credentialsComeFromTheFileAndNeverShowThePassword() throws Exception {
        Path f = dir.resolve("auth");
        Files.writeString(f, "alerts\nt0p secret\n");
        MailSettings s = MailSettings.of(globals(Optional.of("r"), Optional.empty(), Optional.empty(),
                Optional.of(new GlobalDefs.FileSetting(f.toString(), null))), "h").orElseThrow();
        assertThat(s.credentials()).map(SmtpCredentials::user).contains("alerts");
        assertThat(s.credentials()).map(SmtpCredentials::password).contains("t0p secret");
        assertThat(s.toString()).contains("alerts").doesNotContain("t0p secret");
        Files.writeString(f, "only-a-user\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpCredentials.read(f))
                .hasMessageContaining("line 2").hasMessageNotContaining("only-a-user");
    }
}
