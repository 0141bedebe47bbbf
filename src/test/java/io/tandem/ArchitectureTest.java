package io.tandem;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the package table of DESIGN.md §3 (and the README's architecture section): who may use
 * whom, and that the pure core ({@code config}, {@code vrrp}, {@code track}) does no I/O, starts no
 * threads and reads no clock.
 */
class ArchitectureTest {
    private static final String[] PURE = {"io.tandem.config..", "io.tandem.vrrp..", "io.tandem.track.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tandem");
    }

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("config").definedBy("io.tandem.config..")
                .layer("vrrp").definedBy("io.tandem.vrrp..")
                .layer("track").definedBy("io.tandem.track..")
                .layer("check").definedBy("io.tandem.check..")
                .layer("mysql").definedBy("io.tandem.mysql..")
                .layer("proxy").definedBy("io.tandem.proxy..")
                .layer("notify").definedBy("io.tandem.notify..")
                .layer("script").definedBy("io.tandem.script..")
                .layer("linux").definedBy("io.tandem.linux..")
                .layer("host").definedBy("io.tandem.host..")
                .layer("lab").definedBy("io.tandem.lab..")
                .layer("bench").definedBy("io.tandem.bench..")
                .layer("status").definedBy("io.tandem.status..")
                .layer("daemon").definedBy("io.tandem.daemon..")
                .layer("cli").definedBy("io.tandem.cli..")
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("vrrp").mayNotAccessAnyLayer()
                .whereLayer("track").mayNotAccessAnyLayer()
                .whereLayer("linux").mayNotAccessAnyLayer()
                .whereLayer("lab").mayNotAccessAnyLayer()
                .whereLayer("script").mayNotAccessAnyLayer()
                // status views and their text/JSON renderings: built by the daemon, JDK only
                .whereLayer("status").mayNotAccessAnyLayer()
                .whereLayer("bench").mayOnlyAccessLayers("lab", "linux", "vrrp", "config")
                .whereLayer("check").mayOnlyAccessLayers("track", "config", "script", "mysql")
                .whereLayer("mysql").mayOnlyAccessLayers("config")
                .whereLayer("proxy").mayOnlyAccessLayers("config")
                .whereLayer("notify").mayOnlyAccessLayers("config", "script")
                .whereLayer("host").mayOnlyAccessLayers("config")
                .whereLayer("cli").mayOnlyAccessLayers("daemon", "config", "host")
                .whereLayer("daemon").mayNotBeAccessedByAnyLayer().ignoreDependency(
                        com.tngtech.archunit.base.DescribedPredicate.describe("cli", c -> c.getPackageName().startsWith("io.tandem.cli")),
                        com.tngtech.archunit.base.DescribedPredicate.alwaysTrue());
        rule.check(classes);
    }

    @Test
    void pureCoreDoesNoIo() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..",
                        "java.net.http..", "java.util.logging..", "java.sql..", "javax..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.NetworkInterface")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .orShould().callMethod(java.net.InetAddress.class, "getByName", String.class)
                .orShould().callMethod(java.net.InetAddress.class, "getAllByName", String.class)
                .orShould().callMethod(java.net.InetAddress.class, "getLocalHost")
                .because("config, vrrp and track are pure: the daemon feeds them files, packets and time (DESIGN.md §3)")
                .check(classes);
    }

    @Test
    void pureCoreStartsNoThreadsAndReadsNoClock() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.LocalDateTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Date")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callConstructor(java.util.Random.class)
                .because("time arrives as an argument and randomness from an injected seeded generator (DESIGN.md §3)")
                .check(classes);
    }
}
