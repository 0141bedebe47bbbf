package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * global_defs mail settings: keepalived 2.2.7's smtp_alert defaults (global_parser.c, vrrp.c
 * vrrp_complete_instance and the sync group equivalent, check_data.c) and Tandem's additions
 * smtp_starttls, smtp_tls_ca_file and smtp_auth_file.
 */
class SmtpSettingsTest {
    @TempDir
    Path dir;

    private static String conf(String globals, String instanceLine, String groupLine) {
        return "global_defs {\n" + globals.replace(";", "\n") + "\n}\n"
                + "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    " + instanceLine
                + "\n    virtual_ipaddress {\n        192.168.1.10/24\n    }\n}\n"
                + "vrrp_instance VI_2 {\n    interface eth1\n    virtual_router_id 52\n"
                + "    virtual_ipaddress {\n        10.0.0.20/24\n    }\n}\n"
                + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n    " + groupLine + "\n}\n";
    }

    @ParameterizedTest(name = "[{0}] instance [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                     | ''               | false
            smtp_alert                             | ''               | true
            smtp_alert off                         | ''               | false
            smtp_alert_vrrp                        | ''               | true
            smtp_alert;smtp_alert_vrrp off         | ''               | false
            smtp_alert off;smtp_alert_vrrp yes     | ''               | true
            smtp_alert_checker                     | ''               | false
            smtp_alert                             | smtp_alert off   | false
            ''                                     | smtp_alert       | true
            smtp_alert_vrrp false                  | smtp_alert true  | true
            """)
    void instancesAndGroupsInheritTheGlobalDefaultsUnlessSetThemselves(String globals, String own, boolean expected) {
        ConfigLoader.Result r = Load.text(conf(globals, own, own));
        assertThat(r.config().vrrpInstance("VI_1").orElseThrow().smtpAlert()).as(Load.show(r)).isEqualTo(expected);
        assertThat(r.config().vrrpSyncGroups().getFirst().smtpAlert()).as(Load.show(r)).isEqualTo(expected);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
    }

    @Test
    void checkerDefaultsFollowKeepalivedIncludingItsRealServerQuirk() {
        GlobalDefs none = Load.text(conf("", "", "")).config().globalDefs();
        assertThat(none.checkerAlertDefault(false)).isFalse();
        assertThat(none.checkerAlertDefault(true)).as("check_data.c: a real server defaults to on").isTrue();
        GlobalDefs off = Load.text(conf("smtp_alert off", "", "")).config().globalDefs();
        assertThat(off.checkerAlertDefault(true)).isFalse();
        GlobalDefs checker = Load.text(conf("smtp_alert off;smtp_alert_checker", "", "")).config().globalDefs();
        assertThat(checker.checkerAlertDefault(false)).isTrue();
        assertThat(checker.vrrpAlertDefault()).isFalse();
    }

    @Test
    void aBadValueIsAnErrorAndLeavesTheSettingAsItWas() {
        ConfigLoader.Result r = Load.text(conf("smtp_alert_vrrp;smtp_alert_vrrp maybe", "", "smtp_alert perhaps"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at).containsExactly(
                tuple(Severity.ERROR, new SourceLocation(MAIN, 3)), tuple(Severity.ERROR, new SourceLocation(MAIN, 25)));
        assertThat(r.diagnostics().getFirst().message()).contains("'maybe'");
        assertThat(r.config().globalDefs().smtpAlertVrrp()).contains(true);
        assertThat(r.config().vrrpSyncGroups().getFirst().smtpAlert()).as("unset, so the global default").isTrue();
    }

    @Test
    void noEmailFaultsAndStartTlsAreRead() {
        GlobalDefs g = Load.text(conf("no_email_faults;smtp_starttls", "", "")).config().globalDefs();
        assertThat(g.noEmailFaults()).isTrue();
        assertThat(g.smtpStartTls()).isEqualTo(GlobalDefs.StartTls.REQUIRED);
        assertThat(Load.text(conf("smtp_starttls optional", "", "")).config().globalDefs().smtpStartTls())
                .isEqualTo(GlobalDefs.StartTls.OPTIONAL);
        GlobalDefs plain = Load.text(conf("", "", "")).config().globalDefs();
        assertThat(plain.smtpStartTls()).isEqualTo(GlobalDefs.StartTls.OFF);
        assertThat(plain.noEmailFaults()).isFalse();
        ConfigLoader.Result bad = Load.text(conf("smtp_starttls always", "", ""));
        assertThat(Load.find(bad, Severity.ERROR, "expected required, optional or off")).hasSize(1);
    }

    @Test
    void mailIsConfiguredOnlyWithRecipientsAndAServer() {
        assertThat(Load.text(conf("smtp_server 127.0.0.1", "", "")).config().globalDefs().mailConfigured()).isFalse();
        assertThat(Load.text(conf("notification_email {;a@b.c;}", "", "")).config().globalDefs().mailConfigured()).isFalse();
        assertThat(Load.text(conf("notification_email {;a@b.c;};smtp_server 127.0.0.1 2525", "", "")).config().globalDefs()
                .mailConfigured()).isTrue();
    }

    private String authFile(String mode) throws IOException {
        Path p = dir.resolve("smtp.auth");
        Files.writeString(p, "alerts\ns3cret pw\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p.toString();
    }

    @Test
    void anAuthFileReadableByOthersIsAnErrorOnItsLine() throws IOException {
        String f = authFile("rw-r-----");
        ConfigLoader.Result r = Load.text(conf("smtp_starttls required;smtp_auth_file " + f, "", ""));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 3)));
        assertThat(r.diagnostics().getFirst().message()).contains("smtp_auth_file").contains(f).contains("chmod 600");
    }

    @Test
    void aPrivateAuthFileIsFineButWithoutRequiredStartTlsItWarns() throws IOException {
        String f = authFile("rw-------");
        ConfigLoader.Result ok = Load.text(conf("smtp_starttls;smtp_auth_file " + f, "", ""));
        assertThat(ok.diagnostics()).as(Load.show(ok)).isEmpty();
        assertThat(ok.config().globalDefs().smtpAuthFile()).map(GlobalDefs.FileSetting::path).isEqualTo(Optional.of(f));
        ConfigLoader.Result clear = Load.text(conf("smtp_starttls optional;smtp_auth_file " + f, "", ""));
        assertThat(Load.find(clear, Severity.WARNING, "clear text")).hasSize(1);
    }

    @Test
    void aMissingAuthOrCaFileIsAnError() {
        ConfigLoader.Result r = Load.text(conf("smtp_starttls;smtp_auth_file " + dir.resolve("none") + ";smtp_tls_ca_file "
                + dir.resolve("ca.pem"), "", ""));
        assertThat(Load.find(r, Severity.ERROR, "smtp_auth_file")).hasSize(1);
        assertThat(Load.find(r, Severity.ERROR, "smtp_tls_ca_file")).hasSize(1);
    }
}
