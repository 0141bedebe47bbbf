package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tandem.host.FileConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of src/test/resources/corpus, materialised as its README says, loaded with the real
 * {@link FileConfigSource} on the corpus host. Every file must exit as keepalived 2.2.7's
 * {@code keepalived -t} did (MANIFEST.tsv).
 */
class CorpusTest {
    @TempDir
    static Path tmp;

    /** The materialised corpus: @CORPUS@ replaced, scripts chmodded. */
    static Path corpus;

    private static final Map<String, ConfigLoader.Result> RESULTS = new ConcurrentHashMap<>();

    static Path source() {
        try {
            return Path.of(CorpusTest.class.getResource("/corpus/MANIFEST.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void materialise() throws IOException {
        corpus = tmp.resolve("corpus");
        Path from = source();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = corpus.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (p.getFileName().toString().endsWith(".conf")) {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    Files.writeString(to, text.replace("@CORPUS@", corpus.toString()), StandardCharsets.UTF_8);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        try (Stream<Path> scripts = Files.list(corpus.resolve("scripts"))) {
            for (Path s : scripts.filter(s -> s.toString().endsWith(".sh")).toList()) {
                Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.setPosixFilePermissions(corpus.resolve("scripts/check_mysql-world-writable.sh"),
                PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    static ConfigLoader.Result load(String file) {
        return RESULTS.computeIfAbsent(file,
                f -> ConfigLoader.load(corpus.resolve(f).toString(), new FileConfigSource(), FixedHost.corpus()));
    }

    static String path(String relative) {
        return corpus.resolve(relative).toString();
    }

    record Entry(String file, int exitCode, String description) {}

    static List<Entry> manifest() {
        try {
            return Files.readAllLines(source().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t", 3))
                    .map(f -> new Entry(f[0], Integer.parseInt(f[1]), f[2]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> manifestEntries() {
        return manifest().stream().map(e -> Arguments.of(e.file(), e.exitCode(), e.description()));
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @MethodSource("manifestEntries")
    void exitCodeIsKeepalivedsExitCode(String file, int keepalivedExit, String description) {
        ConfigLoader.Result r = load(file);
        assertThat(r.exitCode(false)).as("%s (%s)%s", file, description, Load.show(r)).isEqualTo(keepalivedExit);
    }

    @Test
    void manifestCoversExactlyTheTopLevelConfFiles() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Files.list(source())) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.*\\.conf")).sorted().toList();
        }
        assertThat(manifest().stream().map(Entry::file).sorted().toList()).isEqualTo(onDisk).hasSize(32);
    }

    private static SourceLocation at(String relative, int line) {
        return new SourceLocation(path(relative), line);
    }

    private static String vips(VrrpInstance i) {
        return String.join(", ", i.virtualAddresses().stream().map(VrrpInstance.VirtualAddress::toString).toList());
    }

    /** The fields of the records that matter, per valid corpus file. */
    @Nested
    class ValidFiles {
        /** 01 and 02 are the same pair but for the node's own values. */
        private void assertMysqlPair(String file, String routerId, String from, int priority, String realServer,
                                     int instanceLine, int vipLine) {
            ConfigLoader.Result r = load(file);
            assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
            KeepalivedConfig c = r.config();

            GlobalDefs g = c.globalDefs();
            assertThat(g.routerId()).contains(routerId);
            assertThat(g.notificationEmail()).containsExactly("dba-oncall@example.com", "sre@example.com");
            assertThat(g.notificationEmailFrom()).contains(from);
            assertThat(g.smtpServer()).contains(new GlobalDefs.SmtpServer("127.0.0.1", 25));
            assertThat(g.smtpConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(g.enableScriptSecurity()).isTrue();
            assertThat(g.scriptUser()).contains("root");
            assertThat(g.scriptGroup()).isEmpty();
            assertThat(g.vrrpVersion()).isEqualTo(2);

            assertThat(c.vrrpScripts()).hasSize(1);
            VrrpScript s = c.vrrpScripts().getFirst();
            assertThat(s.name()).isEqualTo("check_mysql");
            assertThat(s.script()).contains(path("scripts/check_mysql.sh"));
            assertThat(s.mysqlCheck()).isEmpty();
            assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(s.fall()).isEqualTo(2);
            assertThat(s.rise()).isEqualTo(2);
            assertThat(s.weight()).isEqualTo(-20);
            assertThat(s.weightReverse()).isFalse();

            assertThat(c.vrrpInstances()).hasSize(1);
            VrrpInstance i = c.vrrpInstances().getFirst();
            assertThat(i.name()).isEqualTo("VI_MYSQL");
            assertThat(i.at()).isEqualTo(at(file, instanceLine));
            assertThat(i.state()).isEqualTo(VrrpInstance.InitialState.BACKUP);
            assertThat(i.iface()).isEqualTo("eth0");
            assertThat(i.virtualRouterId()).isEqualTo(51);
            assertThat(i.priority()).isEqualTo(priority);
            assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(i.preempt()).as("nopreempt").isFalse();
            assertThat(i.version()).isEqualTo(2);
            assertThat(i.authentication()).map(VrrpInstance.Authentication::password).contains("Myq1Ha");
            assertThat(i.virtualAddresses()).hasSize(1);
            VrrpInstance.VirtualAddress vip = i.virtualAddresses().getFirst();
            assertThat(vip.address().getHostAddress()).isEqualTo("192.168.1.200");
            assertThat(vip.prefixLength()).isEqualTo(24);
            assertThat(vip.dev()).isEmpty();
            assertThat(vip.label()).isEmpty();
            assertThat(vip.at()).isEqualTo(at(file, vipLine));
            assertThat(i.trackScripts()).extracting(VrrpInstance.TrackScript::name, VrrpInstance.TrackScript::weight)
                    .containsExactly(tuple("check_mysql", Optional.empty()));
            assertThat(i.trackInterfaces()).isEmpty();
            assertThat(i.unicastSrcIp()).isEmpty();
            assertThat(i.unicastPeers()).isEmpty();
            assertThat(i.smtpAlert()).isTrue();
            NotifyScripts n = i.notifyScripts();
            assertThat(n.master()).contains(path("scripts/notify.sh") + " master");
            assertThat(n.backup()).contains(path("scripts/notify.sh") + " backup");
            assertThat(n.fault()).contains(path("scripts/notify.sh") + " fault");
            assertThat(n.stop()).isEmpty();
            assertThat(n.any()).isEmpty();
            assertThat(i.mysql()).isEmpty();

            assertThat(c.virtualServers()).hasSize(1);
            VirtualServer vs = c.virtualServers().getFirst();
            assertThat(vs.address()).isEqualTo("192.168.1.200");
            assertThat(vs.port()).isEqualTo(3306);
            assertThat(vs.delayLoop()).isEqualTo(Duration.ofSeconds(2));
            assertThat(vs.lbAlgo()).isEqualTo("wrr");
            assertThat(vs.lbKind()).isEqualTo("DR");
            assertThat(vs.persistenceTimeout()).contains(Duration.ofSeconds(60));
            assertThat(vs.protocol()).isEqualTo("TCP");
            assertThat(vs.sorryServer()).isEmpty();
            assertThat(vs.realServers()).hasSize(1);
            VirtualServer.RealServer rs = vs.realServers().getFirst();
            assertThat(rs.address()).isEqualTo(realServer);
            assertThat(rs.port()).isEqualTo(3306);
            assertThat(rs.weight()).isEqualTo(3);
            assertThat(rs.inhibitOnFailure()).isFalse();
            assertThat(rs.notifyUp()).isEmpty();
            assertThat(rs.notifyDown()).contains(path("scripts/kill_keepalived.sh"));
            assertThat(rs.checkers()).hasSize(1);
            assertThat(rs.checkers().getFirst()).isInstanceOfSatisfying(TcpCheck.class, t -> {
                assertThat(t.connectIp()).isEmpty();
                assertThat(t.connectPort()).contains(3306);
                assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
                assertThat(t.retry()).isEqualTo(3);
                assertThat(t.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
            });
        }

        @Test
        void mysqlMasterMasterNode1() {
            assertMysqlPair("01-mysql-master-master-node1.conf", "MYSQL_HA_DB1", "keepalived@db1.example.com", 100,
                    "192.168.1.10", 35, 53);
        }

        /** Tabs, '{' on its own line (the instance is where its keyword is), one-line blocks, a comment after a block. */
        @Test
        void mysqlMasterMasterNode2() {
            assertMysqlPair("02-mysql-master-master-node2.conf", "MYSQL_HA_DB2", "keepalived@db2.example.com", 90,
                    "192.168.1.11", 36, 52);
        }

        @Test
        void haproxyActiveActiveHasTwoInstances() {
            KeepalivedConfig c = load("03-haproxy-active-active-node1.conf").config();
            assertThat(c.vrrpInstances())
                    .extracting(VrrpInstance::name, VrrpInstance::state, VrrpInstance::virtualRouterId, VrrpInstance::priority,
                            CorpusTest::vips)
                    .containsExactly(
                            tuple("VI_LB_1", VrrpInstance.InitialState.MASTER, 61, 101, "192.168.1.100/24"),
                            tuple("VI_LB_2", VrrpInstance.InitialState.BACKUP, 62, 100, "192.168.1.101/24"));
            assertThat(c.vrrpInstances()).allSatisfy(i ->
                    assertThat(i.trackScripts()).extracting(VrrpInstance.TrackScript::name).containsExactly("chk_haproxy"));
            assertThat(c.vrrpScript("chk_haproxy")).get().extracting(VrrpScript::weight).isEqualTo(2);
        }

        @Test
        void unicastSourceAndPeers() {
            ConfigLoader.Result r = load("04-unicast-mysql.conf");
            VrrpInstance i = r.config().vrrpInstance("MYSQL_VIP").orElseThrow();
            assertThat(i.unicastSrcIp()).map(a -> a.getHostAddress()).contains("192.168.1.10");
            assertThat(i.unicastPeers()).extracting(a -> a.getHostAddress()).containsExactly("192.168.1.11");
            assertThat(vips(i)).isEqualTo("192.168.1.250/24 dev eth0");
            assertThat(i.preempt()).isFalse();
            assertThat(i.priority()).isEqualTo(150);
            // unicast_src_ip is set and is eth0's address: no advice about it
            assertThat(r.diagnostics()).extracting(Diagnostic::message).noneMatch(m -> m.contains("unicast"));
        }

        @Test
        void syncGroupMembersAndNotify() {
            ConfigLoader.Result r = load("05-sync-group-two-interfaces.conf");
            KeepalivedConfig c = r.config();
            assertThat(c.vrrpSyncGroups()).hasSize(1);
            VrrpSyncGroup g = c.vrrpSyncGroups().getFirst();
            assertThat(g.name()).isEqualTo("VG_MYSQL");
            assertThat(g.group()).containsExactly("VI_FRONT", "VI_REPL");
            assertThat(g.notifyScripts().any()).contains(path("scripts/notify.sh"));
            assertThat(g.notifyScripts().master()).isEmpty();
            assertThat(g.smtpAlert()).isTrue();
            assertThat(g.at()).isEqualTo(at("05-sync-group-two-interfaces.conf", 23));
            assertThat(c.vrrpInstances()).extracting(VrrpInstance::name, VrrpInstance::iface, CorpusTest::vips)
                    .containsExactly(tuple("VI_FRONT", "eth0", "192.168.1.200/24 dev eth0"),
                            tuple("VI_REPL", "eth1", "10.0.0.200/24 dev eth1"));
            assertThat(c.globalDefs().smtpServer()).contains(new GlobalDefs.SmtpServer("192.168.1.25", 25));
            assertThat(c.globalDefs().smtpConnectTimeout()).isEqualTo(Duration.ofSeconds(15));
        }

        @Test
        void relativeIncludesArriveWithTheirLocations() {
            ConfigLoader.Result r = load("06-include-relative.conf");
            assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
            KeepalivedConfig c = r.config();
            assertThat(c.vrrpScripts()).extracting(VrrpScript::name, VrrpScript::at)
                    .containsExactly(tuple("chk_mysql", at("conf.d/10-scripts.conf", 3)));
            // conf.d/20-vip-front.conf includes instances/*.conf relative to conf.d/, at its end
            assertThat(c.vrrpInstances()).extracting(VrrpInstance::name, VrrpInstance::at).containsExactly(
                    tuple("VI_FRONT", at("conf.d/20-vip-front.conf", 3)),
                    tuple("VI_REPL", at("conf.d/instances/repl.conf", 3)));
            assertThat(c.vrrpInstance("VI_REPL").orElseThrow().virtualAddresses().getFirst().at())
                    .isEqualTo(at("conf.d/instances/repl.conf", 13));
            assertThat(c.globalDefs().vrrpGarpMasterRefresh()).isEqualTo(Duration.ofSeconds(60));
        }

        @Test
        void vrrpv3WithHalfSecondAdverts() {
            ConfigLoader.Result r = load("07-vrrpv3-fast-advert.conf");
            assertThat(r.config().globalDefs().vrrpVersion()).isEqualTo(3);
            VrrpInstance i = r.config().vrrpInstance("VI_V3").orElseThrow();
            assertThat(i.version()).isEqualTo(3);
            assertThat(i.advertInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(i.authentication()).isEmpty();
            assertThat(r.config().vrrpScript("chk_mysql").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(1));
        }

        @Test
        void quotedAuthPassword() {
            ConfigLoader.Result r = load("08-auth-pass.conf");
            VrrpInstance i = r.config().vrrpInstance("VI_1").orElseThrow();
            assertThat(i.authentication()).map(VrrpInstance.Authentication::password).contains("k33p4l1v");
            assertThat(i.state()).isEqualTo(VrrpInstance.InitialState.MASTER);
            assertThat(vips(i)).isEqualTo("192.168.1.52/24 dev eth0");
            // brd and scope are read past (the dev after them still counts) and noted on the VIP's line
            assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                    .containsOnly(tuple(Severity.NOTICE, at("08-auth-pass.conf", 22)));
        }

        @Test
        void lvsWithMiscCheckSorryServerQuorumAndSynonyms() {
            KeepalivedConfig c = load("09-lvs-mysql-replicas-misc-check.conf").config();
            assertThat(c.virtualServers()).hasSize(2);

            VirtualServer ro = c.virtualServers().get(0);
            assertThat(ro.port()).isEqualTo(3306);
            assertThat(ro.delayLoop()).isEqualTo(Duration.ofSeconds(5));
            assertThat(ro.lbAlgo()).isEqualTo("wlc");
            assertThat(ro.lbKind()).isEqualTo("DR");
            assertThat(ro.persistenceTimeout()).contains(Duration.ofSeconds(300));
            assertThat(ro.quorum()).isEqualTo(2);
            assertThat(ro.sorryServer()).contains(new VirtualServer.Endpoint("192.168.1.30", 3306));
            assertThat(ro.realServers()).extracting(VirtualServer.RealServer::address, VirtualServer.RealServer::weight,
                            VirtualServer.RealServer::inhibitOnFailure)
                    .containsExactly(tuple("192.168.1.21", 2, true), tuple("192.168.1.22", 2, true));
            for (VirtualServer.RealServer rs : ro.realServers()) {
                assertThat(rs.checkers()).singleElement().isInstanceOfSatisfying(MiscCheck.class, m -> {
                    assertThat(m.path()).isEqualTo(path("scripts/misc_check_mysql.sh") + " " + rs.address() + " 3306");
                    assertThat(m.timeout()).contains(Duration.ofSeconds(10));
                    assertThat(m.dynamic()).isTrue();
                    assertThat(m.user()).isEmpty();
                });
            }

            VirtualServer x = c.virtualServers().get(1);
            assertThat(x.port()).isEqualTo(33060);
            assertThat(x.lbAlgo()).as("lvs_sched rr").isEqualTo("rr");
            assertThat(x.lbKind()).as("lvs_method DR").isEqualTo("DR");
            assertThat(x.persistenceTimeout()).isEmpty();
            assertThat(x.quorum()).isEqualTo(1);
            assertThat(x.sorryServer()).isEmpty();
            assertThat(x.realServers()).extracting(VirtualServer.RealServer::address)
                    .containsExactly("192.168.1.21", "192.168.1.22");
            assertThat(x.realServers().get(0).checkers()).singleElement().isInstanceOfSatisfying(TcpCheck.class, t -> {
                assertThat(t.connectPort()).contains(33060);
                assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                assertThat(t.retry()).isEqualTo(3);
                assertThat(t.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(2));
            });
            assertThat(x.realServers().get(1).checkers()).singleElement().isInstanceOfSatisfying(TcpCheck.class,
                    t -> assertThat(t.connectPort()).isEmpty());
        }

        @Test
        void garpSettingsAndTrackInterfaceWeights() {
            KeepalivedConfig c = load("10-garp-track-interface.conf").config();
            GlobalDefs g = c.globalDefs();
            assertThat(g.vrrpGarpMasterDelay()).isEqualTo(Duration.ofSeconds(5));
            assertThat(g.vrrpGarpMasterRepeat()).isEqualTo(3);
            assertThat(g.vrrpGarpMasterRefresh()).isEqualTo(Duration.ofSeconds(60));
            assertThat(g.vrrpGarpMasterRefreshRepeat()).isEqualTo(2);
            VrrpInstance i = c.vrrpInstance("VI_GARP").orElseThrow();
            assertThat(i.garpMasterDelay()).contains(Duration.ofSeconds(2));
            assertThat(i.garpMasterRepeat()).isEmpty();
            assertThat(i.preemptDelay()).isEqualTo(Duration.ofSeconds(300));
            assertThat(i.trackInterfaces()).extracting(VrrpInstance.TrackInterface::name, VrrpInstance.TrackInterface::weight,
                    VrrpInstance.TrackInterface::reverse).containsExactly(tuple("eth1", -50, false));
            assertThat(i.virtualAddresses()).extracting(v -> v.address().getHostAddress(), VrrpInstance.VirtualAddress::prefixLength,
                            VrrpInstance.VirtualAddress::dev, VrrpInstance.VirtualAddress::label)
                    .containsExactly(tuple("192.168.1.120", 24, Optional.of("eth0"), Optional.of("eth0:vip")),
                            tuple("10.0.0.120", 24, Optional.of("eth1"), Optional.of("eth1:repl")));
        }

        @Test
        void absoluteIncludesAndGlobalDefsSplitOverTwoBlocks() {
            ConfigLoader.Result r = load("11-include-absolute.conf");
            assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
            KeepalivedConfig c = r.config();
            GlobalDefs g = c.globalDefs();
            assertThat(g.routerId()).as("from the block in the main file").contains("db-b");
            assertThat(g.notificationEmail()).as("from the included block").containsExactly("dba-oncall@example.com");
            assertThat(g.notificationEmailFrom()).contains("keepalived@example.com");
            assertThat(g.enableScriptSecurity()).isTrue();
            assertThat(g.scriptUser()).contains("root");
            assertThat(c.vrrpScripts()).extracting(VrrpScript::name, VrrpScript::weight, VrrpScript::at)
                    .containsExactly(tuple("check_mysql", -30, at("includes/mysql-vip.conf", 3)));
            assertThat(c.vrrpInstances()).extracting(VrrpInstance::name, VrrpInstance::priority, VrrpInstance::advertInterval,
                            VrrpInstance::smtpAlert, VrrpInstance::at)
                    .containsExactly(tuple("VI_DB", 110, Duration.ofSeconds(2), true, at("includes/mysql-vip.conf", 9)));
        }

        @Test
        void priority255WithStateBackupIsAccepted() {
            ConfigLoader.Result r = load("12-owner-priority-255-state-backup.conf");
            VrrpInstance i = r.config().vrrpInstance("VI_OWNER").orElseThrow();
            assertThat(i.priority()).isEqualTo(255);
            assertThat(i.state()).isEqualTo(VrrpInstance.InitialState.BACKUP);
            assertThat(Load.find(r, Severity.NOTICE, "priority 255")).extracting(Diagnostic::at)
                    .containsExactly(at("12-owner-priority-255-state-backup.conf", 9));
        }

        @Test
        void legacyNbGetRetryIsTakenAsRetry() {
            TcpCheck t = (TcpCheck) load("13-legacy-nb-get-retry-tcp-check.conf").config().virtualServers().getFirst()
                    .realServers().getFirst().checkers().getFirst();
            assertThat(t.retry()).isEqualTo(3);
        }

        @Test
        void fractionalVrrpv2AdvertIsRounded() {
            VrrpInstance i = load("14-vrrpv2-fractional-advert.conf").config().vrrpInstance("VI_FAST").orElseThrow();
            assertThat(i.advertInterval()).isEqualTo(Duration.ofSeconds(1));
        }

        @Test
        void missingNotifyScriptsAreOnlyNoticed() {
            ConfigLoader.Result r = load("15-missing-notify-scripts.conf");
            assertThat(Load.find(r, Severity.NOTICE, "not found")).extracting(Diagnostic::at).containsExactly(
                    at("15-missing-notify-scripts.conf", 18), at("15-missing-notify-scripts.conf", 18),
                    at("15-missing-notify-scripts.conf", 18), at("15-missing-notify-scripts.conf", 41));
            // the commands are still kept as written: the daemon decides again when it would run them
            assertThat(r.config().vrrpInstance("VI_DB3").orElseThrow().notifyScripts().master())
                    .contains(path("bin/notify.sh") + " master");
        }
    }

    /** For each broken file: the diagnostic that makes it fail, with its severity, file and line. */
    @Nested
    class BrokenFiles {
        @ParameterizedTest(name = "{0}:{2} {1} ''{3}''")
        @CsvSource(delimiter = '|', textBlock = """
                13-legacy-nb-get-retry-tcp-check.conf      | WARNING     | 42 | 'nb_get_retry' is not a TCP_CHECK keyword
                14-vrrpv2-fractional-advert.conf           | ERROR       | 13 | VRRPv2 advertises whole seconds; advert_int 0.5 rounded to 1
                20-bad-vrid-256.conf                       | ERROR       | 10 | 256 is outside [1, 255]
                20-bad-vrid-256.conf                       | ERROR       |  7 | (VI_1) the virtual router id must be set
                21-bad-priority-300.conf                   | ERROR       | 11 | (VI_1) priority must be in [1, 255]; using 100
                22-bad-priority-0.conf                     | ERROR       | 11 | (VI_1) priority must be in [1, 255]; using 100
                23-bad-duplicate-vrid.conf                 | ERROR       | 19 | VI_WRITE and VI_READ both use VRID 51 with IPv4 on interface eth0
                24-bad-missing-closing-brace.conf          | ERROR       |  8 | missing '}' for the block 'vrrp_instance'
                25-bad-unknown-keyword.conf                | WARNING     | 14 | unknown keyword 'virtual_ipadress'
                25-bad-unknown-keyword.conf                | ERROR       |  8 | (VI_1) no virtual_ipaddress
                26-bad-no-script-security.conf             | SECURITY    |  9 | SECURITY VIOLATION - scripts are being executed but script_security not enabled
                27-bad-world-writable-script.conf          | ERROR       | 10 | unsafe permissions on '@CORPUS@/scripts/check_mysql-world-writable.sh'
                28-bad-missing-script.conf                 | ERROR       | 10 | script '@CORPUS@/check_mysql.sh' not found
                29-bad-interface-eth9.conf                 | ERROR       |  8 | (VI_REPL) interface eth9 doesn't exist
                30-bad-virtual-server-no-real-servers.conf | ERROR       | 19 | virtual_server 192.168.1.100 3306 has no real servers
                31-bad-invalid-vip.conf                    | ERROR       | 14 | invalid virtual address '192.168.1.300/24'
                31-bad-invalid-vip.conf                    | ERROR       |  7 | (VI_1) no virtual_ipaddress
                32-bad-linkbeat-unknown-interface.conf     | FATAL       |  9 | unknown interface bond0 for linkbeat_interfaces
                33-bad-static-ip-no-default-interface.conf | FATAL       | 10 | unknown interface bond0 for static_ipaddress 10.0.0.50/24
                34-bad-fatal-and-no-script-security.conf   | FATAL       | 10 | unknown interface bond0 for linkbeat_interfaces
                34-bad-fatal-and-no-script-security.conf   | SECURITY    | 13 | SECURITY VIOLATION
                35-bad-fatal-and-unknown-keyword.conf      | FATAL       | 10 | unknown interface bond0 for linkbeat_interfaces
                35-bad-fatal-and-unknown-keyword.conf      | WARNING     | 18 | unknown keyword 'advert_intervall'
                36-bad-include-check-missing-file.conf     | UNREADABLE  | 11 | include '@CORPUS@/includes/site-local.conf' matched no file and include_check is set
                """)
        void reportsTheMistakeWhereItIs(String file, Severity severity, int line, String fragment) {
            ConfigLoader.Result r = load(file);
            String expected = fragment.replace("@CORPUS@", corpus.toString());
            assertThat(r.diagnostics()).as(Load.show(r))
                    .anySatisfy(d -> {
                        assertThat(d.severity()).isEqualTo(severity);
                        assertThat(d.at()).isEqualTo(at(file, line));
                        assertThat(d.message()).contains(expected);
                    });
        }

        /** Every diagnostic of a broken file that counts for the exit code is one the table above expects. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                13-legacy-nb-get-retry-tcp-check.conf      | 1
                14-vrrpv2-fractional-advert.conf           | 1
                20-bad-vrid-256.conf                       | 2
                21-bad-priority-300.conf                   | 2
                22-bad-priority-0.conf                     | 2
                23-bad-duplicate-vrid.conf                 | 1
                24-bad-missing-closing-brace.conf          | 1
                25-bad-unknown-keyword.conf                | 2
                26-bad-no-script-security.conf             | 1
                27-bad-world-writable-script.conf          | 1
                28-bad-missing-script.conf                 | 1
                29-bad-interface-eth9.conf                 | 1
                30-bad-virtual-server-no-real-servers.conf | 1
                31-bad-invalid-vip.conf                    | 2
                32-bad-linkbeat-unknown-interface.conf     | 1
                33-bad-static-ip-no-default-interface.conf | 1
                34-bad-fatal-and-no-script-security.conf   | 2
                35-bad-fatal-and-unknown-keyword.conf      | 2
                36-bad-include-check-missing-file.conf     | 1
                """)
        void noOtherFindingsCount(String file, int count) {
            ConfigLoader.Result r = load(file);
            assertThat(r.diagnostics().stream().filter(d -> d.severity() != Severity.NOTICE)).as(Load.show(r)).hasSize(count);
        }

        @Test
        void outOfRangeVridDropsTheInstance() {
            assertThat(load("20-bad-vrid-256.conf").config().vrrpInstances()).isEmpty();
        }

        @Test
        void outOfRangePriorityFallsBackTo100() {
            assertThat(load("21-bad-priority-300.conf").config().vrrpInstance("VI_1").orElseThrow().priority()).isEqualTo(100);
            assertThat(load("22-bad-priority-0.conf").config().vrrpInstance("VI_1").orElseThrow().priority()).isEqualTo(100);
        }

        @Test
        void missingBraceIsRepairedAndTheInstanceStillRead() {
            VrrpInstance i = load("24-bad-missing-closing-brace.conf").config().vrrpInstance("VI_1").orElseThrow();
            assertThat(vips(i)).isEqualTo("192.168.1.200/24");
        }

        @Test
        void misspelledBlockLeavesTheInstanceWithoutVip() {
            assertThat(load("25-bad-unknown-keyword.conf").config().vrrpInstance("VI_1").orElseThrow().virtualAddresses()).isEmpty();
            assertThat(load("31-bad-invalid-vip.conf").config().vrrpInstance("VI_1").orElseThrow().virtualAddresses()).isEmpty();
        }

        @Test
        void virtualServerWithoutRealServersIsDropped() {
            ConfigLoader.Result r = load("30-bad-virtual-server-no-real-servers.conf");
            assertThat(r.config().virtualServers()).isEmpty();
            assertThat(r.config().vrrpInstances()).hasSize(1);
        }

        @Test
        void includeCheckStopsReadingAtTheMissingInclude() {
            ConfigLoader.Result r = load("36-bad-include-check-missing-file.conf");
            assertThat(r.config().globalDefs().routerId()).as("read before the include").contains("db1");
            assertThat(r.config().vrrpInstances()).as("after the include: not read").isEmpty();
            assertThat(r.runnable()).isFalse();
        }

        @Test
        void fatalFilesAreNotRunnable() {
            assertThat(load("32-bad-linkbeat-unknown-interface.conf").runnable()).isFalse();
            assertThat(load("33-bad-static-ip-no-default-interface.conf").runnable()).isFalse();
            assertThat(load("29-bad-interface-eth9.conf").runnable()).isTrue();
        }
    }
}
