package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigSource;
import io.tandem.config.Diagnostic;
import io.tandem.config.HostFacts;
import io.tandem.config.MysqlCheck;
import io.tandem.config.Severity;
import io.tandem.config.VrrpInstance;
import io.tandem.config.VrrpScript;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's configurations say what the report claims: parsed by Tandem's own loader, the
 * "defaults" variant has the default interval, fall, rise and connect timeout at weight 0, every
 * Tandem variant has the mysql block with the peer, and keepalived's differ only in the weight.
 */
class MysqlConfigsTest {
    private static final String CONF = "/etc/keepalived/keepalived.conf";
    private static final String SCRIPT = "/lab/db1/check_mysql.sh";
    private static final String PASS = "/lab/db1/tandem-mysql.pass";
    private final MysqlConfigs configs = new MysqlConfigs(2, "10.0.0.100");

    private ConfigLoader.Result load(MysqlVariant v) {
        String text = configs.daemon(v, "db1", 150, "10.0.0.11", "10.0.0.12", SCRIPT, PASS);
        ConfigSource source = new ConfigSource() {
            @Override
            public Optional<String> read(String absolutePath) {
                return absolutePath.equals(CONF) ? Optional.of(text) : Optional.empty();
            }

            @Override
            public List<String> glob(String absolutePattern) {
                return List.of();
            }
        };
        return ConfigLoader.load(CONF, source, new LabHost());
    }

    private static List<Diagnostic> problems(ConfigLoader.Result r) {
        return r.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR || d.severity() == Severity.WARNING).toList();
    }

    @Test
    void tandemDefaultsParseToTheDefaultTimingsAtWeightZeroWithThePeer() {
        ConfigLoader.Result r = load(MysqlVariant.TANDEM_DEFAULTS);
        assertThat(problems(r)).isEmpty();
        VrrpScript s = r.config().vrrpScript("chk_mysql").orElseThrow();
        assertThat(s.interval()).isEqualTo(VrrpScript.MYSQL_CHECK_DEFAULT_INTERVAL).isEqualTo(Duration.ofMillis(200));
        assertThat(s.weight()).isZero();
        assertThat(s.fall()).isEqualTo(1);
        assertThat(s.rise()).isEqualTo(1);
        MysqlCheck check = s.mysqlCheck().orElseThrow();
        assertThat(check.connectTimeout()).isEqualTo(MysqlCheck.DEFAULT_CONNECT_TIMEOUT);
        assertThat(check.passwordFile()).contains(PASS);
        VrrpInstance i = r.config().vrrpInstance("VI_W").orElseThrow();
        assertThat(i.priority()).isEqualTo(150);
        assertThat(i.mysql()).isPresent();
        assertThat(i.mysql().get().peer()).contains("10.0.0.12");
        assertThat(i.mysql().get().fence()).isTrue();
    }

    @Test
    void tandemSampleAndFastHaveTheirTimings() {
        VrrpScript sample = load(MysqlVariant.TANDEM_SAMPLE).config().vrrpScript("chk_mysql").orElseThrow();
        assertThat(sample.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(sample.fall()).isEqualTo(2);
        assertThat(sample.rise()).isEqualTo(2);
        assertThat(sample.mysqlCheck().orElseThrow().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        VrrpScript fast = load(MysqlVariant.TANDEM_FAST).config().vrrpScript("chk_mysql").orElseThrow();
        assertThat(fast.interval()).isEqualTo(Duration.ofMillis(300));
        assertThat(fast.fall()).isEqualTo(1);
        assertThat(fast.rise()).isEqualTo(2);
    }

    @Test
    void keepalivedVariantsDifferOnlyInTheWeight() {
        ConfigLoader.Result weight = load(MysqlVariant.KEEPALIVED_WEIGHT);
        ConfigLoader.Result fault = load(MysqlVariant.KEEPALIVED_FAULT);
        assertThat(problems(weight)).isEmpty();
        VrrpScript w = weight.config().vrrpScript("chk_mysql").orElseThrow();
        assertThat(w.script()).contains(SCRIPT);
        assertThat(w.weight()).isEqualTo(-60);
        assertThat(150 + w.weight()).as("the weight takes db1 below db2's 100").isLessThan(100);
        assertThat(w.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fault.config().vrrpScript("chk_mysql").orElseThrow().weight()).isZero();
        assertThat(weight.config().vrrpInstance("VI_W").orElseThrow().mysql()).isEmpty();
        String a = configs.daemon(MysqlVariant.KEEPALIVED_WEIGHT, "db1", 150, "10.0.0.11", "10.0.0.12", SCRIPT, PASS);
        String b = configs.daemon(MysqlVariant.KEEPALIVED_FAULT, "db1", 150, "10.0.0.11", "10.0.0.12", SCRIPT, PASS);
        assertThat(a.replace("weight -60", "weight 0")).isEqualTo(b);
    }

    @Test
    void everyVariantHasTheSameVrrpSettings() {
        for (MysqlVariant v : MysqlVariant.values()) {
            VrrpInstance i = load(v).config().vrrpInstance("VI_W").orElseThrow();
            assertThat(i.virtualRouterId()).as(v.id()).isEqualTo(MysqlConfigs.VRID);
            assertThat(i.advertInterval()).as(v.id()).isEqualTo(Duration.ofSeconds(1));
            assertThat(i.version()).as(v.id()).isEqualTo(2);
            assertThat(i.preempt()).as(v.id()).isTrue();
        }
    }

    @Test
    void checkScriptPingsTheLocalAddressWithAOneSecondTimeout() {
        assertThat(MysqlConfigs.checkScript("10.0.0.11")).startsWith("#!/bin/bash\n")
                .contains("mariadb-admin --no-defaults --connect-timeout=1 -h 10.0.0.11 -P 3306 ping");
    }

    @Test
    void versionThreeHasNoPasswordAndOtherVersionsAreRefused() {
        assertThat(new MysqlConfigs(3, "10.0.0.100").daemon(MysqlVariant.TANDEM_DEFAULTS, "db1", 150, "10.0.0.11", "10.0.0.12",
                SCRIPT, PASS)).contains("vrrp_version 3").doesNotContain("auth_pass");
        assertThatThrownBy(() -> new MysqlConfigs(4, "10.0.0.100")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variantsParseByIdAndUnknownOnesAreNamed() {
        assertThat(MysqlVariant.parseList("keepalived-fault, tandem")).containsExactly(MysqlVariant.TANDEM_DEFAULTS,
                MysqlVariant.KEEPALIVED_FAULT);
        assertThatThrownBy(() -> MysqlVariant.parseList("tandem,haproxy")).hasMessageContaining("unknown variant haproxy")
                .hasMessageContaining("keepalived-weight");
    }

    /** db1 of a lab: eth0 10.0.0.11/24, root only, every path root-owned with the modes the benchmark writes. */
    private static final class LabHost implements HostFacts {
        @Override
        public Optional<List<InterfaceAddress>> interfaceAddresses(String name) {
            try {
                return name.equals("eth0")
                        ? Optional.of(List.of(new InterfaceAddress((Inet4Address) InetAddress.getByName("10.0.0.11"), 24)))
                        : Optional.empty();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<List<FileFacts>> pathFacts(String absolutePath) {
            Map<String, Integer> files = Map.of(SCRIPT, 0755, PASS, 0600);
            if (!files.containsKey(absolutePath)) {
                return Optional.empty();
            }
            List<FileFacts> facts = new ArrayList<>();
            facts.add(new FileFacts("/", true, false, 0, 0, 0755));
            facts.add(new FileFacts("/lab", true, false, 0, 0, 0755));
            facts.add(new FileFacts("/lab/db1", true, false, 0, 0, 0755));
            facts.add(new FileFacts(absolutePath, false, true, 0, 0, files.get(absolutePath)));
            return Optional.of(facts);
        }

        @Override
        public boolean userExists(String name) {
            return name.equals("root");
        }
    }
}
