package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tandem.host.FileConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lexical rules of keepalived.conf (comments, quotes, line ends) and include expansion, through {@link ConfigLoader}. */
class LexerTest {

    @Test
    void hashAndBangStartCommentsAnywhereOutsideQuotes() {
        ConfigLoader.Result r = Load.text("""
                ! a comment
                # another one
                global_defs {          # after an opening brace
                    router_id r1       ! after a value
                    notification_email_from a@example.com# no space needed
                    smtp_helo_name h!ignored
                #   router_id commented_out
                }
                """);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        GlobalDefs g = r.config().globalDefs();
        assertThat(g.routerId()).contains("r1");
        assertThat(g.notificationEmailFrom()).contains("a@example.com");
        assertThat(g.smtpHeloName()).contains("h");
    }

    @Test
    void quotedStringsKeepSpacesAndCommentCharacters() {
        ConfigLoader.Result r = Load.text("""
                global_defs {
                    router_id "my router # 1 ! not a comment"
                    smtp_helo_name 'single quoted'
                    notification_email {
                        "first last@example.com"
                    }
                }
                """);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        GlobalDefs g = r.config().globalDefs();
        assertThat(g.routerId()).contains("my router # 1 ! not a comment");
        assertThat(g.smtpHeloName()).contains("single quoted");
        assertThat(g.notificationEmail()).containsExactly("first last@example.com");
    }

    @Test
    void aQuotedCommandLineIsOneWord() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.168.1.5/24
                    }
                    notify_master "/usr/local/bin/notify.sh master # with hash"
                }
                """);
        assertThat(r.config().vrrpInstance("VI_1").orElseThrow().notifyScripts().master())
                .contains("/usr/local/bin/notify.sh master # with hash");
    }

    @Test
    void unterminatedQuoteIsReportedAndTakesTheRestOfTheLine() {
        ConfigLoader.Result r = Load.text("""
                global_defs {
                    router_id "abc def
                }
                """);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 2)));
        assertThat(r.diagnostics().getFirst().message()).contains("missing terminating \" quote");
        assertThat(r.config().globalDefs().routerId()).contains("abc def");
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    /** keepalived 2.2.7 -t: exit 0 for an unterminated single quote (its comment stripper only knows double quotes). */
    @Test
    void unterminatedSingleQuoteIsOnlyANotice() {
        ConfigLoader.Result r = Load.text("global_defs {\n    router_id 'abc def\n}\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.NOTICE, new SourceLocation(MAIN, 2)));
        assertThat(r.config().globalDefs().routerId()).contains("abc def");
        assertThat(r.exitCode(false)).isZero();
    }

    @Test
    void crlfLineEndingsReadLikeLf() {
        String lf = """
                global_defs {
                    router_id crlf   # comment
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 300
                    virtual_ipaddress {
                        192.168.1.5/24 label eth0:1
                    }
                }
                """;
        ConfigLoader.Result unix = Load.text(lf);
        ConfigLoader.Result dos = Load.text(lf.replace("\n", "\r\n"));
        assertThat(dos.config().globalDefs().routerId()).contains("crlf");
        assertThat(dos.diagnostics()).isEqualTo(unix.diagnostics());
        assertThat(dos.diagnostics()).extracting(Diagnostic::at).contains(new SourceLocation(MAIN, 6));
        assertThat(unix.config().vrrpInstances()).isEmpty(); // vrid 300 drops it, in both
    }

    @Test
    void crlfDoesNotLeakIntoValues() {
        ConfigLoader.Result r = Load.text("vrrp_instance VI_1 {\r\n interface eth0\r\n virtual_router_id 7\r\n"
                + " virtual_ipaddress {\r\n  192.168.1.5/24 dev eth0\r\n }\r\n}\r\n");
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        VrrpInstance i = r.config().vrrpInstance("VI_1").orElseThrow();
        assertThat(i.iface()).isEqualTo("eth0");
        assertThat(i.virtualAddresses().getFirst().dev()).contains("eth0");
    }

    // ---- includes ----

    @Test
    void relativeIncludeIsResolvedAgainstTheIncludingFilesDirectory() {
        String cwd = Path.of("").toAbsolutePath().toString();
        MapSource src = new MapSource()
                .with(MAIN, "include conf.d/a.conf\n")
                .with("/etc/keepalived/conf.d/a.conf", Load.instance("VI_A", "eth0", 1, "192.168.1.1/24")
                        + "include sub/b.conf\n")
                .with("/etc/keepalived/conf.d/sub/b.conf", Load.instance("VI_B", "eth0", 2, "192.168.1.2/24"))
                // decoys where a resolution against the working directory or the main file's directory would look
                .with(cwd + "/conf.d/a.conf", Load.instance("DECOY_CWD", "eth0", 3, "192.168.1.3/24"))
                .with("/etc/keepalived/sub/b.conf", Load.instance("DECOY_MAIN_DIR", "eth0", 4, "192.168.1.4/24"));
        ConfigLoader.Result r = Load.source(src);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.config().vrrpInstances()).extracting(VrrpInstance::name, VrrpInstance::at).containsExactly(
                tuple("VI_A", new SourceLocation("/etc/keepalived/conf.d/a.conf", 1)),
                tuple("VI_B", new SourceLocation("/etc/keepalived/conf.d/sub/b.conf", 1)));
    }

    @Test
    void includeInsideABlockSplicesItsStatementsIn() {
        MapSource src = new MapSource()
                .with(MAIN, "global_defs {\n    include /etc/keepalived/global.inc\n    router_id main\n}\n")
                .with("/etc/keepalived/global.inc", "notification_email_from inc@example.com\n");
        ConfigLoader.Result r = Load.source(src);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.config().globalDefs().notificationEmailFrom()).contains("inc@example.com");
        assertThat(r.config().globalDefs().routerId()).contains("main");
    }

    @Test
    void globMatchesAreReadInSortedOrder(@TempDir Path dir) throws IOException {
        Path d = Files.createDirectories(dir.resolve("conf.d"));
        // created out of order; glob(3) sorts byte-wise: "10" < "9" < "a" < "b"
        for (String name : new String[] {"b", "9", "a", "10"}) {
            Files.writeString(d.resolve(name + ".conf"), "vrrp_script s_" + name + " {\n    script /bin/true\n}\n");
        }
        Path main = dir.resolve("keepalived.conf");
        Files.writeString(main, "include conf.d/*.conf\n");
        ConfigLoader.Result r = ConfigLoader.load(main.toString(), new FileConfigSource(), FixedHost.corpus());
        assertThat(r.config().vrrpScripts()).extracting(VrrpScript::name).containsExactly("s_10", "s_9", "s_a", "s_b");
        assertThat(r.config().vrrpScripts()).extracting(s -> s.at().file())
                .containsExactly(d.resolve("10.conf").toString(), d.resolve("9.conf").toString(),
                        d.resolve("a.conf").toString(), d.resolve("b.conf").toString());
    }

    @Test
    void includeCycleIsReportedAndNotFollowed() {
        MapSource src = new MapSource()
                .with(MAIN, "include a.conf\n")
                .with("/etc/keepalived/a.conf", "include b.conf\n" + Load.instance("VI_A", "eth0", 1, "192.168.1.1/24"))
                .with("/etc/keepalived/b.conf", "\ninclude a.conf\n" + Load.instance("VI_B", "eth0", 2, "192.168.1.2/24"));
        ConfigLoader.Result r = Load.source(src);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation("/etc/keepalived/b.conf", 2)));
        assertThat(r.diagnostics().getFirst().message()).contains("/etc/keepalived/a.conf").contains("include itself");
        assertThat(r.config().vrrpInstances()).extracting(VrrpInstance::name).containsExactly("VI_B", "VI_A");
        assertThat(src.reads).containsExactly(MAIN, "/etc/keepalived/a.conf", "/etc/keepalived/b.conf");
    }

    @Test
    void aFileGlobbingItselfIsNotReadAgain() {
        MapSource src = new MapSource()
                .with("/etc/keepalived/main.conf", "include *.conf\n")
                .with("/etc/keepalived/other.conf", Load.instance("VI_O", "eth0", 1, "192.168.1.1/24"));
        ConfigLoader.Result r = ConfigLoader.load("/etc/keepalived/main.conf", src, FixedHost.corpus());
        assertThat(r.config().vrrpInstances()).extracting(VrrpInstance::name).containsExactly("VI_O");
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation("/etc/keepalived/main.conf", 1)));
    }

    @Test
    void includeMatchingNothingIsOnlyANotice() {
        ConfigLoader.Result r = Load.text("include /etc/keepalived/conf.d/*.conf\n" + Load.instance("VI_1", "eth0", 1, "192.168.1.1/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.NOTICE, new SourceLocation(MAIN, 1)));
        assertThat(r.diagnostics().getFirst().message()).contains("matched no file");
        assertThat(r.exitCode(false)).isZero();
        assertThat(r.config().vrrpInstances()).as("the rest is read").hasSize(1);
    }

    @Test
    void includeCheckMakesAMissingIncludeFatalAndStopsReading() {
        MapSource src = new MapSource()
                .with(MAIN, """
                        global_defs {
                            router_id r
                            include_check
                        }
                        include /etc/keepalived/first.conf
                        vrrp_script after_in_main {
                            script /bin/true
                        }
                        """)
                .with("/etc/keepalived/first.conf", """
                        vrrp_script before {
                            script /bin/true
                        }
                        include /etc/keepalived/missing.conf
                        vrrp_script after_in_first {
                            script /bin/true
                        }
                        """);
        ConfigLoader.Result r = Load.source(src);
        assertThat(r.exitCode(false)).isEqualTo(6);
        assertThat(r.runnable()).isFalse();
        assertThat(Load.find(r, Severity.UNREADABLE, "missing.conf")).extracting(Diagnostic::at)
                .containsExactly(new SourceLocation("/etc/keepalived/first.conf", 4));
        assertThat(r.config().vrrpScripts()).extracting(VrrpScript::name).containsExactly("before");
    }

    @Test
    void withoutIncludeCheckAMissingIncludeDoesNotStopReading() {
        ConfigLoader.Result r = Load.text("include /etc/keepalived/missing.conf\nvrrp_script after {\n    script /bin/true\n}\n");
        assertThat(r.config().vrrpScripts()).extracting(VrrpScript::name).containsExactly("after");
    }

    @Test
    void missingMainFileExits6() {
        ConfigLoader.Result r = ConfigLoader.load("/etc/keepalived/nope.conf", new MapSource(), FixedHost.corpus());
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.UNREADABLE, new SourceLocation("/etc/keepalived/nope.conf", 0)));
        assertThat(r.exitCode(false)).isEqualTo(6);
        assertThat(r.runnable()).isFalse();
        assertThat(r.config().vrrpInstances()).isEmpty();
    }

    @Test
    void includeWithoutExactlyOnePatternIsAnError() {
        ConfigLoader.Result r = Load.text("\ninclude\ninclude a.conf b.conf\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at).containsExactly(
                tuple(Severity.ERROR, new SourceLocation(MAIN, 2)), tuple(Severity.ERROR, new SourceLocation(MAIN, 3)));
    }

    @Test
    void everyDiagnosticNamesTheFileAndLineItIsAbout() {
        MapSource src = new MapSource()
                .with(MAIN, """
                        global_defs {
                            router_id r
                        }
                        include /etc/keepalived/conf.d/*.conf
                        vrrp_instance VI_MAIN {
                            interface eth0
                            virtual_router_id 9
                            priority 0
                            virtual_ipaddress {
                                192.168.1.9/24
                            }
                        }
                        """)
                .with("/etc/keepalived/conf.d/inst.conf", """
                        # fragment

                        vrrp_instance VI_INC {
                            interface eth0
                            virtual_router_id 10
                            advert_intervall 1
                            virtual_ipaddress {
                                192.168.1.10/33
                            }
                        }
                        """);
        ConfigLoader.Result r = Load.source(src);
        String inc = "/etc/keepalived/conf.d/inst.conf";
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at).containsExactlyInAnyOrder(
                tuple(Severity.WARNING, new SourceLocation(inc, 6)),      // unknown keyword
                tuple(Severity.ERROR, new SourceLocation(inc, 8)),        // prefix 33
                tuple(Severity.ERROR, new SourceLocation(inc, 3)),        // no VIP left
                tuple(Severity.ERROR, new SourceLocation(MAIN, 8)),       // priority 0: out of range
                tuple(Severity.ERROR, new SourceLocation(MAIN, 8)));      // ... using 100
        assertThat(r.diagnostics()).allSatisfy(d -> assertThat(d.format()).startsWith(d.at().file() + ":" + d.at().line() + ": "));
    }

    @Test
    void includePatternThatIsNoPathIsAnErrorNotACrash() {
        ConfigLoader.Result r = Load.text("global_defs {\n    router_id r\n}\ninclude conf\0d/*.conf\n"
                + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 4)));
        assertThat(r.config().vrrpInstances()).as("the rest is read").hasSize(1);
    }

    private static ConfigLoader.Result loadFromDisk(Path dir, String mainText) throws IOException {
        Path main = dir.resolve("keepalived.conf");
        Files.writeString(main, mainText);
        return ConfigLoader.load(main.toString(), new FileConfigSource(), FixedHost.corpus());
    }

    private static void script(Path file, String name) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "vrrp_script " + name + " {\n    script /bin/true\n}\n");
    }

    /** glob(3) (keepalived) takes a '[' without ']' literally; Java's glob syntax throws on it. */
    @Test
    void unbalancedBracketInAnIncludeIsTakenLiterally(@TempDir Path dir) throws IOException {
        script(dir.resolve("conf.d/[x.conf"), "literal");
        ConfigLoader.Result r = loadFromDisk(dir, "include conf.d/[x.conf\ninclude conf.d/[y*.conf\n");
        assertThat(r.config().vrrpScripts()).extracting(VrrpScript::name).containsExactly("literal");
        assertThat(Load.find(r, Severity.NOTICE, "matched no file")).extracting(d -> d.at().line()).containsExactly(2);
    }

    /** glob(3) without GLOB_PERIOD, as keepalived calls it: a wildcard does not match a leading dot. */
    @Test
    void wildcardsDoNotMatchHiddenFiles(@TempDir Path dir) throws IOException {
        script(dir.resolve("conf.d/a.conf"), "visible");
        script(dir.resolve("conf.d/.a.conf.swp.conf"), "hidden");
        assertThat(loadFromDisk(dir, "include conf.d/*.conf\n").config().vrrpScripts()).extracting(VrrpScript::name)
                .containsExactly("visible");
        assertThat(loadFromDisk(dir, "include conf.d/?a.conf*\n").config().vrrpScripts()).isEmpty();
        assertThat(loadFromDisk(dir, "include conf.d/.*.conf\n").config().vrrpScripts()).extracting(VrrpScript::name)
                .containsExactly("hidden");
    }

    /** keepalived restores include_check when an included file ends (parser.c end_file): checked with keepalived 2.2.7 -t, exit 0. */
    @Test
    void includeCheckSetInAnIncludedFileEndsWithThatFile() {
        MapSource src = new MapSource()
                .with(MAIN, "include /etc/keepalived/defs.conf\ninclude /etc/keepalived/missing.conf\n"
                        + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"))
                .with("/etc/keepalived/defs.conf", "global_defs {\n    include_check\n}\n");
        ConfigLoader.Result r = Load.source(src);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.NOTICE, new SourceLocation(MAIN, 2)));
        assertThat(r.exitCode(false)).isZero();
        assertThat(r.config().vrrpInstances()).hasSize(1);
    }

    /** keepalived 2.2.7 -t: "Unknown keyword 'include_check'" at the top level, the missing include is only logged: exit 5. */
    @Test
    void includeCheckOutsideGlobalDefsIsAnUnknownKeyword() {
        ConfigLoader.Result r = Load.text("include_check\ninclude /etc/keepalived/missing.conf\n"
                + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.exitCode(false)).isEqualTo(5);
        assertThat(Load.find(r, Severity.WARNING, "include_check")).extracting(Diagnostic::at)
                .containsExactly(new SourceLocation(MAIN, 1));
        assertThat(r.config().vrrpInstances()).as("reading goes on").hasSize(1);
    }
}
