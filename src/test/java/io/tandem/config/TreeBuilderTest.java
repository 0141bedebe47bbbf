package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Blocks and braces: where they may stand, and how bad ones are reported and repaired. Through {@link ConfigLoader}. */
class TreeBuilderTest {

    private static VrrpInstance only(ConfigLoader.Result r) {
        assertThat(r.config().vrrpInstances()).as(Load.show(r)).hasSize(1);
        return r.config().vrrpInstances().getFirst();
    }

    @Test
    void bracesNeedNoSpaces() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1{
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {192.168.1.5/24}
                    track_interface {eth1 weight -10}
                }""");
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        VrrpInstance i = only(r);
        assertThat(i.name()).isEqualTo("VI_1");
        assertThat(i.virtualAddresses()).extracting(VrrpInstance.VirtualAddress::toString).containsExactly("192.168.1.5/24");
        assertThat(i.trackInterfaces()).extracting(VrrpInstance.TrackInterface::name, VrrpInstance.TrackInterface::weight)
                .containsExactly(tuple("eth1", -10));
    }

    @Test
    void openingBraceMayStandOnALaterLine() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1
                {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress
                    # the addresses:

                    {
                        192.168.1.5/24
                    }
                }
                """);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        VrrpInstance i = only(r);
        assertThat(i.at()).as("the block is where its keyword is").isEqualTo(new SourceLocation(MAIN, 1));
        assertThat(i.virtualAddresses()).extracting(v -> v.at().line()).containsExactly(9);
    }

    @Test
    void oneLineBlocks() {
        ConfigLoader.Result r = Load.text("""
                global_defs { router_id one_line }
                global_defs {
                    notification_email { a@example.com b@example.com }
                }
                vrrp_script chk { script /bin/true }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress { 192.168.1.5/24 }
                    track_script { chk }
                    unicast_peer { 192.168.1.11 }
                    unicast_src_ip 192.168.1.10
                }
                """);
        GlobalDefs g = r.config().globalDefs();
        assertThat(g.routerId()).contains("one_line");
        assertThat(g.notificationEmail()).containsExactly("a@example.com", "b@example.com");
        assertThat(r.config().vrrpScript("chk")).get().extracting(VrrpScript::script).isEqualTo(java.util.Optional.of("/bin/true"));
        VrrpInstance i = only(r);
        assertThat(i.virtualAddresses()).hasSize(1);
        assertThat(i.trackScripts()).extracting(VrrpInstance.TrackScript::name).containsExactly("chk");
        assertThat(i.unicastPeers()).extracting(a -> a.getHostAddress()).containsExactly("192.168.1.11");
        assertThat(r.diagnostics()).as(Load.show(r)).extracting(Diagnostic::severity)
                .containsOnly(Severity.SECURITY); // /bin/true without enable_script_security: nothing about braces
    }

    @Test
    void strayClosingBraceIsReportedAndTheRestStillRead() {
        ConfigLoader.Result r = Load.text("""
                global_defs {
                    router_id r
                }
                }
                """ + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 4)));
        assertThat(r.diagnostics().getFirst().message()).contains("unexpected '}'");
        assertThat(only(r).virtualAddresses()).hasSize(1);
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    @Test
    void missingClosingBraceNamesTheBlockAndTheLineItWasOpenedOn() {
        ConfigLoader.Result r = Load.text("""
                global_defs {
                    router_id r
                }

                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.168.1.5/24
                    }
                """);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 5)));
        assertThat(r.diagnostics().getFirst().message()).contains("missing '}'").contains("'vrrp_instance'");
        assertThat(only(r).virtualAddresses()).hasSize(1);
        assertThat(r.exitCode(false)).isEqualTo(5);
    }

    @Test
    void everyUnclosedBlockIsReported() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.168.1.5/24
                """);
        assertThat(r.diagnostics()).extracting(Diagnostic::message, d -> d.at().line()).contains(
                tuple("missing '}' for the block 'virtual_ipaddress' opened here", 4),
                tuple("missing '}' for the block 'vrrp_instance' opened here", 1));
        assertThat(only(r).virtualAddresses()).hasSize(1);
    }

    @Test
    void braceWithoutKeywordIsReportedAndItsBlockSkipped() {
        ConfigLoader.Result r = Load.text("""
                {
                    router_id lost
                }
                """ + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.ERROR, new SourceLocation(MAIN, 1)));
        assertThat(r.config().globalDefs().routerId()).isEmpty();
        assertThat(only(r).name()).isEqualTo("VI_1");
    }

    @Test
    void statementsAfterAClosingBraceOnTheSameLineAreRead() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress { 192.168.1.5/24 } priority 42
                }
                """);
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(only(r).priority()).isEqualTo(42);
    }

    @Test
    void aBlockWhereAValueBelongsIsReported() {
        ConfigLoader.Result r = Load.text("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 1
                    virtual_ipaddress 192.168.1.5/24
                }
                """);
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at, Diagnostic::message).contains(
                tuple(Severity.ERROR, new SourceLocation(MAIN, 4), "'virtual_ipaddress' needs a { ... } block"));
    }

    /** A few thousand nested braces once overflowed the stack of the recursive tree builder. */
    @Test
    void deeplyNestedBlocksAreReportedNotAStackOverflow() {
        for (String text : new String[] {"a {\n".repeat(20_000), "{".repeat(20_000), "a { b {".repeat(10_000) + "}".repeat(20_000)}) {
            ConfigLoader.Result r = Load.text(text);
            assertThat(Load.find(r, Severity.ERROR, "nested deeper than")).hasSize(1);
            assertThat(r.exitCode(false)).isEqualTo(5);
        }
    }

    @Test
    void nestingThatIsDeepButNotAbsurdIsOnlyUnknownKeywords() {
        ConfigLoader.Result r = Load.text("a {\n".repeat(50) + "}\n".repeat(50) + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24"));
        assertThat(r.diagnostics()).extracting(Diagnostic::severity, Diagnostic::at)
                .containsExactly(tuple(Severity.WARNING, new SourceLocation(MAIN, 1)));
        assertThat(only(r).name()).isEqualTo("VI_1");
    }
}
