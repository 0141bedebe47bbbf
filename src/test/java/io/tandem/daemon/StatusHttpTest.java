package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.status.InstanceView;
import io.tandem.status.MysqlView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint on loopback: /status is the JSON, /metrics is Prometheus text that promtool accepts. */
class StatusHttpTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesStatusAndMetricsThatPromtoolAccepts() throws Exception {
        ControlLoop loop = new ControlLoop(Duration.ofMillis(250));
        StatusBoard board = new StatusBoard("/etc/tandem/keepalived.conf", loop);
        board.publish(new VrrpEngine.Snapshot(List.of(instance()), List.of(), List.of(), List.of()));
        loop.latenessHistogram().observe(3_000_000);
        loop.latenessHistogram().observe(700_000_000);
        try (StatusHttp http = StatusHttp.start(new InetSocketAddress("127.0.0.1", 0), board)) {
            String base = "http://127.0.0.1:" + http.address().getPort();
            HttpResponse<String> status = get(base + "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(status.body()).contains("\"name\":\"VI_W\"").contains("\"state\":\"BACKUP\"");

            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("tandem_vrrp_state{instance=\"VI_W\",state=\"BACKUP\"} 1")
                    .contains("tandem_vrrp_state{instance=\"VI_W\",state=\"MASTER\"} 0")
                    .contains("tandem_vrrp_transitions_total{instance=\"VI_W\"} 3")
                    .contains("tandem_mysql_replication_lag_seconds{instance=\"VI_W\"} 7")
                    .contains("tandem_mysql_writable{instance=\"VI_W\"} 0")
                    .contains("tandem_control_loop_lateness_seconds_bucket{le=\"0.005\"} 1")
                    .contains("tandem_control_loop_lateness_seconds_bucket{le=\"1.0\"} 2")
                    .contains("tandem_control_loop_lateness_seconds_count 2");
            // a Prometheus server may ask for protobuf first (native histograms): it is served
            HttpResponse<String> negotiated = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(negotiated.statusCode()).isEqualTo(200);
            assertThat(negotiated.headers().firstValue("Content-Type")).get().asString().startsWith("application/vnd.google.protobuf");
            assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> page = get(base + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
            assertThat(page.body()).contains("<script src=\"/page.js\"");
            assertThat(get(base + "/page.js").body()).contains("fetch('/status'").doesNotContain("innerHTML");
            assertThat(get(base + "/page.css").statusCode()).isEqualTo(200);
            promtoolAccepts(metrics.body());
        }
    }

    /** Runs Debian's promtool (scripts/setup installs it) on the exposition text. */
    static void promtoolAccepts(String text) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (Debian's prometheus package; scripts/setup installs it)").isExecutable();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
        assertThat(out).as("promtool's lint findings").isEmpty();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static InstanceView instance() {
        Instant now = Instant.now();
        return new InstanceView("VI_W", "BACKUP", "eth0", 51, 2, 100, 100, false, List.of(), List.of("10.0.0.100/24"),
                Optional.of(new InstanceView.PeerHeard("10.0.0.1", 150, now)),
                Optional.of(new InstanceView.TransitionView("INIT", "BACKUP", "start-up", now)), 3, 1, 1, 10, 20, 0, 0,
                "eth0/multicast", java.util.Map.of(), Optional.of(new MysqlView("127.0.0.1:3306", "fenced", Optional.of(now), Optional.empty(),
                "10.11.14-MariaDB", true, false, Optional.of(new MysqlView.Replica("10.0.0.1", true, true, OptionalLong.of(7),
                Optional.empty())), "1-1-5", Optional.empty(), false)));
    }
}
