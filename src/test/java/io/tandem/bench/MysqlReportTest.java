package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and layout from hand-made samples. */
class MysqlReportTest {
    private static MysqlSample sample(MysqlVariant v, int rep, double vip, double write) {
        MysqlSample s = new MysqlSample(v, rep, 1_700_000_000_000L + rep);
        s.ok = true;
        s.vipMs = vip;
        s.writeMs = write;
        s.failedWrites = 10;
        return s;
    }

    private static MysqlReport report() {
        List<MysqlSample> samples = new ArrayList<>();
        double[][] tandem = {{400, 450}, {300, 320}, {600, 700}, {450, 480}, {200, 260}};
        double[][] weight = {{3000, 3010}, {4000, 4005}, {3500, 3520}, {4500, 4510}, {2800, 2805}};
        for (int i = 0; i < 5; i++) {
            samples.add(sample(MysqlVariant.TANDEM_DEFAULTS, i + 1, tandem[i][0], tandem[i][1]));
            samples.add(sample(MysqlVariant.KEEPALIVED_WEIGHT, i + 1, weight[i][0], weight[i][1]));
        }
        MysqlSample failed = new MysqlSample(MysqlVariant.KEEPALIVED_WEIGHT, 6, 0);
        failed.ok = false;
        failed.vipMs = 100_000; // must not count
        failed.note = "no write on db2 within 30 s";
        samples.add(failed);
        samples.get(0).slowestFailMs = 500.2;
        samples.get(0).slowestFail = "0 (conn=12) Socket fail to connect to host:address=(host=10.0.0.100)(port=3306)(type=primary). connect timed out";
        return new MysqlReport(List.of(MysqlVariant.TANDEM_DEFAULTS, MysqlVariant.KEEPALIVED_WEIGHT), samples, List.of("Run X."),
                Map.of(MysqlVariant.TANDEM_DEFAULTS, "vrrp_script chk_mysql {\n}\n"), "#!/bin/bash\nexit 0\n");
    }

    @Test
    void statsUseOnlySuccessfulSamples() {
        MysqlReport r = report();
        Stats t = r.stats(MysqlVariant.TANDEM_DEFAULTS, s -> s.vipMs);
        assertThat(t.n()).isEqualTo(5);
        assertThat(t.median()).isEqualTo(400);
        assertThat(t.max()).isEqualTo(600);
        Stats k = r.stats(MysqlVariant.KEEPALIVED_WEIGHT, s -> s.vipMs);
        assertThat(k.n()).isEqualTo(5);
        assertThat(k.max()).isEqualTo(4500);
        assertThat(r.failures(MysqlVariant.KEEPALIVED_WEIGHT)).isEqualTo(1);
    }

    @Test
    void targetsAndRatios() {
        assertThat(MysqlReport.met(500, MysqlReport.VIP_TARGET_MS)).isEqualTo("yes");
        assertThat(MysqlReport.met(500.1, MysqlReport.VIP_TARGET_MS)).isEqualTo("no");
        assertThat(MysqlReport.met(Double.NaN, 1)).isEqualTo("–");
        assertThat(MysqlReport.ratio(400, 3500)).isEqualTo("0.11");
        assertThat(MysqlReport.ratio(1, Double.NaN)).isEqualTo("–");
        assertThat(MysqlReport.ratio(1, 0)).isEqualTo("–");
    }

    @Test
    void markdownHasOneRowPerConfigurationTheRatioAndTheConfigurations() {
        String md = report().markdown();
        assertThat(md).contains("Run X.");
        assertThat(md).contains("| Tandem, defaults | 5 | 400 / 600 | 450 / 700 | 50.0 | 10.0 | VIP yes / no; write yes / yes |");
        assertThat(md).contains("| keepalived, weight -60 | 5 (1 failed) | 3,500 / 4,500 | 3,520 / 4,510 |");
        // 400 / 3500 and 600 / 4500; 450 / 3520 and 700 / 4510
        assertThat(md).contains("| Tandem, defaults | keepalived, weight -60 | 0.11 | 0.13 | 0.13 | 0.16 |");
        assertThat(md).contains("```\nvrrp_script chk_mysql {\n}\n```").contains("```bash\n#!/bin/bash\nexit 0\n```");
        assertThat(md).contains("| Tandem, defaults | 1 | 400 | 450 | 10 | 500 (timed out) | – |");
        assertThat(md).contains("no write on db2 within 30 s");
    }

    @Test
    void driverErrorsAreShortenedByKind() {
        assertThat(MysqlReport.shortError("0 (conn=3) Socket fail to connect to 10.0.0.100. Connection refused")).isEqualTo("refused");
        assertThat(MysqlReport.shortError("1290 (conn=9) The MariaDB server is running with the --read-only option"))
                .isEqualTo("read-only");
        assertThat(MysqlReport.shortError("1927 (conn=5) Connection was killed")).isEqualTo("1927 Connection was killed");
    }

    @Test
    void csvHasAHeaderAndOneLinePerSample() {
        MysqlReport r = report();
        List<String> lines = r.csvLines();
        assertThat(lines).hasSize(11);
        int columns = MysqlReport.csvHeader().split(",").length;
        assertThat(lines.get(0)).startsWith("tandem,1,1700000000001,true,400.0,450.0,50.0,10,500.2,");
        assertThat(lines.get(0).split(",", columns)).hasSize(columns);
        assertThat(lines.get(10)).startsWith("keepalived-weight,6,0,false,100000.0,,");
    }
}
