package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranges, references between blocks, the host's interfaces and users, scripts and password files. */
class ValidatorTest {

    private static final String SECURE_GLOBALS = """
            global_defs {
                enable_script_security
                script_user root
            }
            """;

    @TempDir
    Path dir;

    /** An executable script in the temp dir (FixedHost reports its directories as root's, 0755). */
    private String script(String name, String mode) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p.toString();
    }

    private static String instanceWith(String... lines) {
        return "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    virtual_ipaddress {\n        192.168.1.200/24\n    }\n"
                + String.join("", java.util.Arrays.stream(lines).map(l -> "    " + l + "\n").toList()) + "}\n";
    }

    @Test
    void aCleanInstanceHasNoFindings() {
        ConfigLoader.Result r = Load.text(instanceWith("priority 100"));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.exitCode(true)).isZero();
    }

    // ---- ranges ----

    @ParameterizedTest(name = "virtual_router_id {0}")
    @CsvSource({"0, 5", "1, 0", "255, 0", "256, 5", "-1, 5", "x, 5"})
    void vridMustBe1To255(String vrid, int exit) {
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id " + vrid
                + "\n    virtual_ipaddress {\n        192.168.1.200/24\n    }\n}\n");
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
        if (exit != 0) {
            assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                    .contains(tuple(Severity.ERROR, new SourceLocation(MAIN, 3)));
            assertThat(r.config().vrrpInstances()).as("no router id, no instance").isEmpty();
        } else {
            assertThat(r.config().vrrpInstance("VI_1").orElseThrow().virtualRouterId()).isEqualTo(Integer.parseInt(vrid));
        }
    }

    @ParameterizedTest(name = "priority {0}")
    @CsvSource({"0, 5, 100", "1, 0, 1", "254, 0, 254", "255, 0, 255", "256, 5, 100"})
    void priorityMustBe1To255(int priority, int exit, int used) {
        // 192.168.1.10 is eth0's own address, so 255 (address owner) gets no notice either
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    priority " + priority + "\n    virtual_ipaddress {\n        192.168.1.10/24\n    }\n}\n");
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(exit);
        assertThat(r.config().vrrpInstance("VI_1").orElseThrow().priority()).isEqualTo(used);
        if (exit != 0) {
            assertThat(Load.find(r, Severity.ERROR, "priority must be in [1, 255]")).extracting(Diagnostic::at)
                    .containsExactly(new SourceLocation(MAIN, 4));
        }
    }

    // ---- duplicates ----

    @Test
    void duplicateVridOnTheSameInterfaceIsAnError() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_A", "eth0", 51, "192.168.1.200/24")
                + Load.instance("VI_B", "eth0", 51, "192.168.1.201/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 8)));
        assertThat(r.diagnostics().getFirst().message()).contains("VI_A and VI_B both use VRID 51").contains("eth0");
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    @Test
    void sameVridOnDifferentInterfacesIsFine() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_A", "eth0", 51, "192.168.1.200/24")
                + Load.instance("VI_B", "eth1", 51, "10.0.0.200/24"));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.config().vrrpInstances()).hasSize(2);
    }

    @Test
    void duplicateInstanceNameIsAnError() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_A", "eth0", 51, "192.168.1.200/24")
                + Load.instance("VI_A", "eth0", 52, "192.168.1.201/24"));
        assertThat(Load.find(r, Severity.ERROR, "defined twice")).extracting(Diagnostic::at)
                .containsExactly(new SourceLocation(MAIN, 8));
    }

    // ---- interfaces and addresses ----

    @Test
    void vipOutsideTheInterfaceSubnetIsANoticeAndAnErrorWhenStrict() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_1", "eth0", 51, "10.9.9.9/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.NOTICE, new SourceLocation(MAIN, 5)));
        assertThat(r.diagnostics().getFirst().message()).contains("10.9.9.9").contains("outside every subnet of eth0")
                .contains("192.168.1.10/24");
        assertThat(r.exitCode(false)).isZero();
        assertThat(r.exitCode(true)).isEqualTo(5);
    }

    @Test
    void vipWithDevIsCheckedAgainstThatInterface() {
        ConfigLoader.Result inside = Load.text(Load.instance("VI_1", "eth0", 51, "10.0.0.200/24 dev eth1"));
        assertThat(inside.diagnostics()).as(Load.show(inside)).isEmpty();

        ConfigLoader.Result outside = Load.text(Load.instance("VI_1", "eth0", 51, "192.168.1.200/24 dev eth1"));
        assertThat(outside.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.NOTICE);
        assertThat(outside.diagnostics().getFirst().message()).contains("outside every subnet of eth1").contains("10.0.0.10/24");
    }

    @Test
    void vipOnAnUnknownDevIsAnError() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_1", "eth0", 51, "192.168.1.200/24 dev eth7"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 5)));
        assertThat(r.diagnostics().getFirst().message()).contains("eth7");
    }

    @Test
    void checksFollowTheHostsInterfaces() {
        HostFacts other = FixedHost.builder().iface("bond0", "172.16.0.2/16").iface("eth0").user("root").build();
        assertThat(Load.text(Load.instance("VI_1", "bond0", 51, "172.16.5.5/24"), other).diagnostics()).isEmpty();
        assertThat(Load.text(Load.instance("VI_1", "bond0", 51, "192.168.1.200/24"), other).diagnostics())
                .extracting(Diagnostic::severity).containsExactly(Severity.NOTICE);
        // an interface without any IPv4 address: every VIP is outside its subnets
        assertThat(Load.text(Load.instance("VI_1", "eth0", 51, "192.168.1.200/24"), other).diagnostics())
                .extracting(Diagnostic::message).singleElement().asString().contains("no IPv4 address");
    }

    @Test
    void unknownInterfaceIsAnError() {
        ConfigLoader.Result r = Load.text(Load.instance("VI_1", "eth9", 51, "192.168.1.200/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 1)));
        assertThat(r.diagnostics().getFirst().message()).contains("interface eth9 doesn't exist");
        assertThat(r.exitCode(false)).as("5, not 4: as keepalived").isEqualTo(5);
        assertThat(r.runnable()).isTrue();
    }

    @Test
    void unknownTrackInterfaceIsAnError() {
        ConfigLoader.Result r = Load.text(instanceWith("track_interface {", "    eth1 weight -20", "    eth5", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 9)));
        assertThat(r.diagnostics().getFirst().message()).contains("track_interface eth5");
    }

    @Test
    void unicastPeerWithoutSourceIsANotice() {
        ConfigLoader.Result r = Load.text(instanceWith("unicast_peer {", "    192.168.1.11", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.NOTICE, new SourceLocation(MAIN, 1)));
        assertThat(r.diagnostics().getFirst().message()).contains("unicast_peer without unicast_src_ip");
        assertThat(r.exitCode(false)).isZero();

        ConfigLoader.Result withSource = Load.text(instanceWith("unicast_src_ip 192.168.1.10", "unicast_peer {",
                "    192.168.1.11", "}"));
        assertThat(withSource.diagnostics()).as(Load.show(withSource)).isEmpty();
    }

    @Test
    void unicastSourceThatIsNotAnInterfaceAddressIsANotice() {
        ConfigLoader.Result r = Load.text(instanceWith("unicast_src_ip 192.168.1.99", "unicast_peer {", "    192.168.1.11", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.NOTICE);
        assertThat(r.diagnostics().getFirst().message()).contains("192.168.1.99 is not an address of eth0");
    }

    // ---- references ----

    @Test
    void trackScriptNamingAnUnknownScriptIsAnError() {
        ConfigLoader.Result r = Load.text(instanceWith("track_script {", "    no_such_script", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 8)));
        assertThat(r.diagnostics().getFirst().message()).contains("track script no_such_script not found");
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    @Test
    void syncGroupWithAnUnknownMemberIsAnError() {
        ConfigLoader.Result r = Load.text("""
                vrrp_sync_group VG {
                    group {
                        VI_A
                        VI_GHOST
                    }
                }
                """ + Load.instance("VI_A", "eth0", 51, "192.168.1.200/24"));
        assertThat(Load.find(r, Severity.ERROR, "VI_GHOST")).extracting(Diagnostic::at, Diagnostic::message)
                .containsExactly(tuple(new SourceLocation(MAIN, 1), "vrrp_instance VI_GHOST in sync group VG doesn't exist; ignored"));
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    /** keepalived 2.2.7 -t: "Sync group G has only 1 virtual router(s) - this probably isn't what you want", exit 5. */
    @Test
    void syncGroupWithOneInstanceIsAnError() {
        ConfigLoader.Result r = Load.text("vrrp_sync_group VG {\n    group {\n        VI_A\n    }\n}\n"
                + Load.instance("VI_A", "eth0", 51, "192.168.1.200/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::at).containsExactly(new SourceLocation(MAIN, 1));
        assertThat(r.diagnostics().getFirst().message()).contains("only one instance");
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    /** Members that do not exist do not count: keepalived counts the instances it could add. */
    @Test
    void syncGroupWithOneExistingInstanceIsAlsoReported() {
        ConfigLoader.Result r = Load.text("vrrp_sync_group VG {\n    group {\n        VI_A\n        VI_GHOST\n    }\n}\n"
                + Load.instance("VI_A", "eth0", 51, "192.168.1.200/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("only one instance"));
    }

    @Test
    void instanceInTwoSyncGroupsIsAnError() {
        ConfigLoader.Result r = Load.text("""
                vrrp_sync_group VG1 {
                    group { VI_A VI_B }
                }
                vrrp_sync_group VG2 {
                    group { VI_A VI_B }
                }
                """ + Load.instance("VI_A", "eth0", 51, "192.168.1.200/24") + Load.instance("VI_B", "eth1", 52, "10.0.0.200/24"));
        assertThat(Load.find(r, Severity.ERROR, "is in sync groups VG1 and VG2")).hasSize(2)
                .extracting(Diagnostic::at).containsOnly(new SourceLocation(MAIN, 4));
    }

    // ---- script security ----

    @Test
    void scriptWithoutEnableScriptSecurityExits6() throws IOException {
        String s = script("check.sh", "rwxr-xr-x");
        ConfigLoader.Result r = Load.text("vrrp_script chk {\n    script \"" + s + " arg\"\n}\n"
                + instanceWith("track_script {", "    chk", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.SECURITY, new SourceLocation(MAIN, 1)));
        assertThat(r.exitCode(false)).isEqualTo(6);
    }

    @Test
    void notifyScriptAloneAlsoNeedsScriptSecurity() throws IOException {
        String s = script("notify.sh", "rwxr-xr-x");
        ConfigLoader.Result r = Load.text(instanceWith("notify_master \"" + s + " master\""));
        assertThat(r.exitCode(false)).as(Load.show(r)).isEqualTo(6);
    }

    @Test
    void withSecurityAndScriptUserRootAGoodScriptPasses() throws IOException {
        String s = script("check.sh", "rwxr-xr-x");
        ConfigLoader.Result r = Load.text(SECURE_GLOBALS + "vrrp_script chk {\n    script \"" + s + "\"\n}\n"
                + instanceWith("track_script {", "    chk", "}", "notify_master " + s));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
    }

    /**
     * keepalived 2.2.7 reports the SECURITY VIOLATION only when some script exists (check_script_secure
     * sets SC_ISSCRIPT after a successful stat); checked with keepalived -t: a missing notify script
     * alone exits 0, a missing tracked script alone exits 5.
     */
    @Test
    void missingScriptsAloneAreNoSecurityViolation() {
        ConfigLoader.Result notifyOnly = Load.text(instanceWith("notify_master " + dir.resolve("missing.sh")));
        assertThat(notifyOnly.exitCode(false)).as(Load.show(notifyOnly)).isZero();

        ConfigLoader.Result trackedOnly = Load.text("vrrp_script chk {\n    script " + dir.resolve("missing.sh") + "\n}\n"
                + instanceWith("track_script {", "    chk", "}"));
        assertThat(trackedOnly.exitCode(false)).as(Load.show(trackedOnly)).isEqualTo(5);
        assertThat(trackedOnly.diagnostics()).extracting(Diagnostic::severity).doesNotContain(Severity.SECURITY);
    }

    @Test
    void securityViolationPointsAtAScriptThatExists() throws IOException {
        String s = script("notify.sh", "rwxr-xr-x");
        ConfigLoader.Result r = Load.text("vrrp_script chk {\n    script " + dir.resolve("missing.sh") + "\n}\n"
                + instanceWith("track_script {", "    chk", "}") + "vrrp_sync_group G {\n    group {\n        VI_1\n    }\n"
                + "    notify_master " + s + "\n}\n");
        assertThat(r.exitCode(false)).isEqualTo(6);
        assertThat(r.diagnostics()).filteredOn(d -> d.severity() == Severity.SECURITY).extracting(Diagnostic::at)
                .containsExactly(new SourceLocation(MAIN, 14));
    }

    @Test
    void securityWithoutScriptUserNeedsTheKeepalivedScriptUser() throws IOException {
        String s = script("check.sh", "rwxr-xr-x");
        String conf = "global_defs {\n    enable_script_security\n}\nvrrp_script chk {\n    script " + s + "\n}\n"
                + instanceWith("track_script {", "    chk", "}");
        ConfigLoader.Result r = Load.text(conf);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 4)));
        assertThat(r.diagnostics().getFirst().message()).contains("script user 'keepalived_script' does not exist");
        assertThat(r.exitCode(false)).isEqualTo(5);

        HostFacts withUser = FixedHost.builder().iface("eth0", "192.168.1.10/24").user("root").user("keepalived_script").build();
        assertThat(Load.text(conf, withUser).diagnostics()).isEmpty();
    }

    @Test
    void unknownScriptUserIsAnError() throws IOException {
        String s = script("check.sh", "rwxr-xr-x");
        ConfigLoader.Result r = Load.text("global_defs {\n    enable_script_security\n    script_user nobody_here\n}\n"
                + instanceWith("notify_master " + s));
        assertThat(r.exitCode(false)).isEqualTo(5);
        assertThat(Load.find(r, Severity.ERROR, "script user 'nobody_here' does not exist")).hasSize(1);
    }

    @Test
    void worldWritableTrackScriptIsDisabledWithAnError() throws IOException {
        String s = script("check.sh", "rwxrwxrwx");
        ConfigLoader.Result r = Load.text(SECURE_GLOBALS + "vrrp_script chk {\n    script " + s + "\n}\n"
                + instanceWith("track_script {", "    chk", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 5)));
        assertThat(r.diagnostics().getFirst().message()).contains("unsafe permissions");
    }

    @Test
    void insecureOrMissingNotifyScriptIsOnlyANotice() throws IOException {
        String s = script("notify.sh", "rwxrwxrwx");
        ConfigLoader.Result r = Load.text(SECURE_GLOBALS + instanceWith("notify_master " + s,
                "notify_backup " + dir.resolve("missing.sh")));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.NOTICE, Severity.NOTICE);
        assertThat(r.exitCode(false)).isZero();
    }

    @Test
    void untrackedScriptThatIsMissingDoesNotCount() {
        ConfigLoader.Result r = Load.text(SECURE_GLOBALS + "vrrp_script chk {\n    script " + dir.resolve("missing.sh") + "\n}\n"
                + instanceWith());
        assertThat(r.exitCode(false)).as(Load.show(r)).isZero();
    }

    @Test
    void nonExecutableScriptIsANotice() throws IOException {
        String s = script("check.sh", "rw-r--r--");
        ConfigLoader.Result r = Load.text(SECURE_GLOBALS + "vrrp_script chk {\n    script " + s + "\n}\n"
                + instanceWith("track_script {", "    chk", "}"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.NOTICE);
        assertThat(r.diagnostics().getFirst().message()).contains("not executable");
        assertThat(r.exitCode(false)).as("keepalived 2.2.7 only logs it").isZero();
    }

    /** The real host's pathFacts threw InvalidPathException for a NUL in a script or password file path. */
    @Test
    void pathsWithNulAreNotFoundOnTheRealHostToo() {
        String conf = SECURE_GLOBALS + "vrrp_script chk {\n    MYSQL_CHECK {\n        password_file \"/etc/x\0y\"\n    }\n}\n"
                + instanceWith("track_script {", "    chk", "}", "notify_master \"/usr/bin/x\0y\"");
        for (HostFacts host : new HostFacts[] {FixedHost.corpus(), new io.tandem.host.LocalHostFacts()}) {
            ConfigLoader.Result r = Load.text(conf, host);
            assertThat(Load.find(r, Severity.NOTICE, "not found or not accessible")).hasSize(1);
            assertThat(Load.find(r, Severity.ERROR, "password_file")).hasSize(1);
        }
    }

    // ---- MYSQL_CHECK ----

    private String passwordFile(String mode) throws IOException {
        Path p = dir.resolve("mysql.pw");
        Files.writeString(p, "secret\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p.toString();
    }

    private static String mysqlScript(String body) {
        return "vrrp_script mysql {\n    MYSQL_CHECK {\n" + body + "    }\n}\n" + instanceWith("track_script {", "    mysql", "}");
    }

    @Test
    void passwordFileReadableByOthersIsAnError() throws IOException {
        String pw = passwordFile("rw-r--r--");
        ConfigLoader.Result r = Load.text(mysqlScript("        user monitor\n        password_file " + pw + "\n"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 2)));
        assertThat(r.diagnostics().getFirst().message()).contains(pw).contains("chmod 600");
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    /** The corpus host, but the file at the end of every path is owned by uid 998; 998 may own secrets when {@code serviceUser}. */
    private static HostFacts ownedBy998(boolean serviceUser) {
        HostFacts base = FixedHost.corpus();
        return new HostFacts() {
            @Override
            public java.util.Optional<java.util.List<InterfaceAddress>> interfaceAddresses(String name) {
                return base.interfaceAddresses(name);
            }

            @Override
            public java.util.Optional<java.util.List<FileFacts>> pathFacts(String path) {
                return base.pathFacts(path).map(list -> {
                    var out = new java.util.ArrayList<>(list);
                    FileFacts f = out.removeLast();
                    out.add(new FileFacts(f.path(), f.directory(), f.regular(), 998, 998, f.mode()));
                    return out;
                });
            }

            @Override
            public boolean userExists(String name) {
                return base.userExists(name);
            }

            @Override
            public java.util.Set<Integer> secretOwners() {
                return serviceUser ? java.util.Set.of(0, 998) : java.util.Set.of(0);
            }
        };
    }

    @Test
    void passwordFileOfTheServiceUserIsFineAndOfAnyOtherUserAnError() throws IOException {
        String conf = mysqlScript("        user monitor\n        password_file " + passwordFile("rw-------") + "\n");
        assertThat(Load.text(conf, ownedBy998(true)).diagnostics()).isEmpty();
        ConfigLoader.Result r = Load.text(conf, ownedBy998(false));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.ERROR);
        assertThat(r.diagnostics().getFirst().message()).contains("owned by root (or by the user Tandem runs as)");
    }

    @Test
    void passwordFileReadableByRootOnlyIsFine() throws IOException {
        String pw = passwordFile("rw-------");
        ConfigLoader.Result r = Load.text(mysqlScript("        user monitor\n        password_file " + pw + "\n"));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        MysqlCheck m = r.config().vrrpScript("mysql").orElseThrow().mysqlCheck().orElseThrow();
        assertThat(m.passwordFile()).contains(pw);
        assertThat(m.user()).contains("monitor");
    }

    @Test
    void missingOrRelativePasswordFileIsAnError() {
        assertThat(Load.find(Load.text(mysqlScript("        password_file " + dir.resolve("none") + "\n")), Severity.ERROR,
                "not found")).hasSize(1);
        assertThat(Load.find(Load.text(mysqlScript("        password_file mysql.pw\n")), Severity.ERROR, "not found")).hasSize(1);
    }

    @Test
    void mysqlPasswordAppearsInNoToStringAndNoDiagnostic() {
        String secret = "Zq7-s3cr3t-pw";
        ConfigLoader.Result r = Load.text("""
                vrrp_script mysql {
                    MYSQL_CHECK {
                        user monitor
                        password %1$s
                    }
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.168.1.200/24
                    }
                    track_script {
                        mysql
                    }
                    mysql {
                        user fence
                        password %1$s
                    }
                }
                virtual_server 192.168.1.200 3306 {
                    real_server 192.168.1.10 3306 {
                        MYSQL_CHECK {
                            password "%1$s"
                        }
                    }
                }
                """.formatted(secret));
        KeepalivedConfig c = r.config();
        // the password is read ...
        MysqlCheck inScript = c.vrrpScript("mysql").orElseThrow().mysqlCheck().orElseThrow();
        MysqlCheck inInstance = c.vrrpInstance("VI_1").orElseThrow().mysql().orElseThrow().server();
        MysqlCheck inRealServer = (MysqlCheck) c.virtualServers().getFirst().realServers().getFirst().checkers().getFirst();
        assertThat(inScript.password()).contains(secret);
        assertThat(inInstance.password()).contains(secret);
        assertThat(inRealServer.password()).contains(secret);
        // ... and shown nowhere
        assertThat(inScript.toString()).contains("user=Optional[monitor]").doesNotContain(secret);
        assertThat(inInstance.toString()).doesNotContain(secret);
        assertThat(inRealServer.toString()).doesNotContain(secret);
        assertThat(c.vrrpInstance("VI_1").orElseThrow().mysql().orElseThrow().toString()).doesNotContain(secret);
        assertThat(c.toString()).doesNotContain(secret);
        assertThat(r.toString()).doesNotContain(secret);
        assertThat(r.diagnostics()).extracting(Diagnostic::format).noneMatch(s -> s.contains(secret));
        // the inline password is advised against, where it is written
        assertThat(Load.find(r, Severity.NOTICE, "password is written in the configuration")).extracting(d -> d.at().line())
                .containsExactly(2, 16, 23);
    }

    /** Args.one() repeated the extra words of an unquoted password in its diagnostic. */
    @Test
    void extraWordsOfAPasswordAreNotRepeatedInTheDiagnostic() {
        ConfigLoader.Result r = Load.text("vrrp_script mysql {\n    MYSQL_CHECK {\n        password first Second-Half-7x\n    }\n}\n"
                + instanceWith("track_script {", "    mysql", "}", "authentication {", "    auth_type PASS",
                "    auth_pass pw1 Other-Half-9y", "}"));
        assertThat(r.diagnostics()).filteredOn(d -> d.message().contains("takes one value")).extracting(Diagnostic::at)
                .containsExactlyInAnyOrder(new SourceLocation(MAIN, 3), new SourceLocation(MAIN, 17));
        assertThat(r.diagnostics()).as(Load.show(r)).extracting(Diagnostic::format)
                .noneMatch(m -> m.contains("Second-Half-7x") || m.contains("Other-Half-9y"));
        assertThat(r.config().vrrpScript("mysql").orElseThrow().mysqlCheck().orElseThrow().password()).contains("first");
        assertThat(r.config().vrrpInstance("VI_1").orElseThrow().authentication()).get()
                .extracting(VrrpInstance.Authentication::password).isEqualTo("pw1");
    }

    @Test
    void authPassAppearsInNoToString() {
        ConfigLoader.Result r = Load.text(instanceWith("authentication {", "    auth_type PASS", "    auth_pass Xy7pq2Zw", "}"));
        assertThat(r.config().vrrpInstance("VI_1").orElseThrow().authentication()).get()
                .extracting(VrrpInstance.Authentication::password).isEqualTo("Xy7pq2Zw");
        assertThat(r.toString()).doesNotContain("Xy7pq2Zw");
    }
}
