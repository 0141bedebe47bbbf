package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.CommandResult;
import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import io.tandem.status.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Tandems in the lab, asked what they are doing the ways an operator asks: {@code tandem
 * status} (text and JSON) over the control socket, SIGUSR1/SIGUSR2 dump files, and the HTTP
 * endpoint ({@code --http} on one host, {@code global_defs http_status} on the other) whose
 * {@code /metrics} Debian's promtool must accept. Then a failover, and the status says why.
 */
class StatusIT {
    private VrrpLab v;
    private Host db1;
    private Host db2;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        v = new VrrpLab();
        db1 = v.db1;
        db2 = v.db2;
    }

    @AfterEach
    void teardown() {
        if (v != null) {
            v.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusShowsMasterAndBackupWithVipAndReasonsAndTheDumpsAndMetricsFollow() throws Exception {
        db1.execOrThrow("ip", "link", "set", "lo", "up");
        db2.execOrThrow("ip", "link", "set", "lo", "up");
        // db1's HTTP token is usable (owner-only); db2's file can be read by others, so db2 takes no POST
        String token = "lab-" + Long.toHexString(System.nanoTime()) + "-token";
        Path token1 = tokenFile(db1, token, "rw-------");
        Path token2 = tokenFile(db2, token, "rw-r--r--");
        LabProcess t1 = v.tandemWith(db1, v.conf(db1, 150, 2, "", ""), 1, "--http", "127.0.0.1:9180", "--http-token", token1.toString());
        LabProcess t2 = v.tandemWith(db2, v.conf(db2, 100, 2, "", "global_defs {\n    http_status 127.0.0.1:9181\n    http_token_file "
                + token2 + "\n}"), 1);
        v.awaitMaster(db1, db2, t1, t2);
        String a1 = db1.address().getHostAddress();

        String s1 = awaitStatus(db1, "vrrp_instance VI_W: MASTER");
        String s2 = awaitStatus(db2, "master: " + a1 + " priority 150");
        System.out.println("--- tandem status on db1 ---\n" + s1 + "--- tandem status on db2 ---\n" + s2);
        assertThat(s1).contains("virtual_ipaddress " + v.vip + "/24")
                .contains("last transition: BACKUP -> MASTER (master down timer expired)")
                .contains("priority 150 effective, 150 configured")
                .contains("interface eth0: up (fault when down)");
        assertThat(s2).contains("vrrp_instance VI_W: BACKUP").contains("last transition: INIT -> BACKUP (start-up)")
                .containsPattern("adverts: sent 0, received [1-9]");

        // the daemon's side of a request, straight on its socket (a unix socket is reachable from any
        // network namespace): printed, not asserted; the command adds a JVM start
        Path sock = db2.dir().resolve("tandem.sock");
        long[] nanos = new long[21];
        for (int k = 0; k < nanos.length; k++) {
            long t0 = System.nanoTime();
            assertThat(ControlServerTest.ask(sock, "status json\n")).startsWith("{");
            nanos[k] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(nanos);
        long t0 = System.nanoTime();
        status(db2);
        System.out.printf("control socket answer (status json, 21 requests): median %.2f ms, max %.2f ms;"
                + " 'tandem status' command: %d ms%n", nanos[10] / 1e6, nanos[20] / 1e6, (System.nanoTime() - t0) / 1_000_000);

        // bad adverts from a third host: 3 for VRID 51 with the wrong interval (this instance's), 2 with a
        // broken checksum (the socket's only: they cannot be trusted to name a VRID)
        Host noisy = v.addHost("noisy");
        java.net.Inet4Address src = noisy.address();
        List<java.net.Inet4Address> vips = List.of((java.net.Inet4Address) java.net.InetAddress.ofLiteral(v.vip));
        byte[] interval = io.tandem.vrrp.AdvertEncoder.datagram(io.tandem.vrrp.Advert.v2(51, 50, java.time.Duration.ofSeconds(2), vips,
                io.tandem.vrrp.Auth.NONE), src, io.tandem.vrrp.Ipv4.VRRP_GROUP, 1);
        byte[] corrupt = io.tandem.vrrp.AdvertEncoder.datagram(io.tandem.vrrp.Advert.v2(51, 50, java.time.Duration.ofSeconds(1), vips,
                io.tandem.vrrp.Auth.NONE), src, io.tandem.vrrp.Ipv4.VRRP_GROUP, 2);
        corrupt[corrupt.length - 1] ^= 0x5a;
        try (io.tandem.linux.NetNamespace ns = io.tandem.linux.NetNamespace.enter(noisy.namespace());
             io.tandem.linux.VrrpSocket socket = ns.call(() -> io.tandem.linux.VrrpSocket.multicast("eth0"))) {
            for (byte[] packet : List.of(interval, interval, interval, corrupt, corrupt)) {
                socket.send(packet);
            }
        }
        String dropped = awaitStatus(db2, "dropped for this instance: ADVERT_INTERVAL_MISMATCH 3; on eth0/multicast (all):"
                + " ADVERT_INTERVAL_MISMATCH 3, CHECKSUM_INVALID 2");
        System.out.println("--- tandem status on db2 after 5 bad adverts ---\n" + dropped);
        assertThat(db2.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9181/metrics").stdout())
                .contains("tandem_adverts_dropped_total{channel=\"eth0/multicast\",reason=\"checksum_invalid\"} 2");
        assertThat(status(db2, "--stats").stdout()).contains("    Advertisement Interval: 3\n");

        String json = status(db2, "--json").stdout();
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json);
        Map<String, Object> i2 = ((List<Map<String, Object>>) doc.get("vrrp_instances")).getFirst();
        assertThat(i2).containsEntry("state", "BACKUP").containsEntry("virtual_ipaddress", List.of(v.vip + "/24"));
        assertThat((Map<String, Object>) i2.get("master")).containsEntry("address", a1).containsEntry("priority", 150L);
        assertThat((Map<String, Object>) i2.get("last_transition")).containsEntry("reason", "start-up");
        System.out.println("--- tandem status --json on db2 ---\n" + json);

        String metrics = db1.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9180/metrics").stdout();
        assertThat(metrics).contains("tandem_vrrp_state{instance=\"VI_W\",state=\"MASTER\"} 1")
                .contains("tandem_control_loop_lateness_seconds_count")
                .contains("tandem_adverts_dropped_total{channel=\"eth0/multicast\",reason=\"password_mismatch\"} 0");
        StatusHttpTest.promtoolAccepts(metrics);
        String metrics2 = db2.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9181/metrics").stdout();
        assertThat(metrics2).contains("tandem_vrrp_state{instance=\"VI_W\",state=\"BACKUP\"} 1");
        StatusHttpTest.promtoolAccepts(metrics2);
        assertThat(db1.execOrThrow("curl", "-sS", "--max-time", "5", "http://127.0.0.1:9180/status").stdout())
                .contains("\"state\":\"MASTER\"");
        System.out.println("--- GET /metrics on db1 ---\n" + metrics);

        // the operator's verbs over HTTP need the token: without it 401, a wrong one 403; with it the
        // daemon answers (whatever maintenance answers: its code is not 401 or 403)
        assertThat(httpPost(db1, "http://127.0.0.1:9180/maintenance?mode=status", null)).startsWith("401 ");
        assertThat(httpPost(db1, "http://127.0.0.1:9180/maintenance?mode=status", "wrong")).startsWith("403 ");
        String answered = httpPost(db1, "http://127.0.0.1:9180/maintenance?mode=status", token);
        assertThat(answered).doesNotStartWith("401 ").doesNotStartWith("403 ").doesNotStartWith("000 ");
        System.out.println("--- POST /maintenance?mode=status on db1 with the token ---\n" + answered);
        assertThat(t1.logText()).contains("HTTP token read from " + token1).doesNotContain(token);
        // db2: its token file is too open, so the endpoint is read-only and says why, and the log names the file
        assertThat(t2.logText()).contains("HTTP token file " + token2 + " must be owned by root")
                .contains("the HTTP endpoint is read-only");
        assertThat(httpPost(db2, "http://127.0.0.1:9181/maintenance?mode=status", token))
                .startsWith("403 ").contains("no HTTP token is configured");

        // the live page in headless Chromium on db2: the VIP is held by db1
        String page = pageDom(db2, "http://127.0.0.1:9181/");
        assertThat(page).contains("data-instance=\"VI_W\" data-state=\"BACKUP\" data-holder=\"" + a1 + "\"");

        // one page stays open in Chromium on db2 while db1 stops: it must show the VIP move, without a reload
        try (DevTools page2 = DevTools.open(db2, "http://127.0.0.1:9181/")) {
            String holder = "(document.querySelector('[data-instance=\"VI_W\"]') || {dataset: {}}).dataset.holder";
            VrrpLab.await(() -> evalQuietly(page2, holder).equals(a1), () -> "page on db2: holder " + evalQuietly(page2, holder));
            page2.eval("window.tandemProbe = 'same document'");
            int refreshesBefore = Integer.parseInt(page2.eval("document.body.dataset.refreshes"));

            t1.signal(Signal.TERM);
            v.await(() -> v.holdsVip(db2), () -> t2.tail(30));
            long vipMoved = System.nanoTime();
            VrrpLab.await(() -> evalQuietly(page2, holder).equals("self"), () -> "page on db2: holder " + evalQuietly(page2, holder));
            System.out.printf("the open page showed the VIP on db2 %d ms after it was there%n",
                    (System.nanoTime() - vipMoved) / 1_000_000);
            assertThat(page2.eval("window.tandemProbe")).as("no reload happened").isEqualTo("same document");
            assertThat(Integer.parseInt(page2.eval("document.body.dataset.refreshes"))).isGreaterThan(refreshesBefore);
            assertThat(page2.eval("document.getElementById('timeline').textContent"))
                    .contains("VI_W: BACKUP → MASTER (master stopped (priority 0), skew time passed)");
        }
        String after = awaitStatus(db2, "vrrp_instance VI_W: MASTER");
        assertThat(after).contains("last transition: BACKUP -> MASTER (master stopped (priority 0), skew time passed)")
                .containsPattern("priority 0 sent 0, received [1-9]");
        System.out.println("--- tandem status on db2 after db1 stopped ---\n" + after);
        page = pageDom(db2, "http://127.0.0.1:9181/");
        assertThat(page).contains("data-instance=\"VI_W\" data-state=\"MASTER\" data-holder=\"self\"")
                .contains("BACKUP → MASTER (master stopped (priority 0), skew time passed)");
        Path shot = db2.dir().resolve("page.png");
        chromium(db2, "--window-size=1000,640", "--screenshot=" + shot, "http://127.0.0.1:9181/");
        assertThat(shot).isNotEmptyFile();
        Path keep = Path.of(System.getProperty("java.io.tmpdir"), "tandem-status-page.png");
        Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot of the live page: " + keep);

        t2.signal(Signal.USR1);
        t2.signal(Signal.USR2);
        Path data = db2.dir().resolve("tandem.data");
        Path stats = db2.dir().resolve("tandem.stats");
        VrrpLab.await(() -> Files.exists(data) && Files.exists(stats), t2::logText);
        assertThat(Files.readString(data)).contains("vrrp_instance VI_W: MASTER");
        assertThat(Files.readString(stats)).startsWith("VRRP Instance: VI_W\n  Advertisements:\n").contains("  Became master: 1\n");
        System.out.println("--- tandem.stats on db2 (SIGUSR2) ---\n" + Files.readString(stats));
    }

    @Test
    void statusWithoutADaemonSaysSoAndExits1() {
        CommandResult r = db1.exec(VrrpLab.TANDEM.toString(), "status", "-p", db1.dir().resolve("tandem.pid").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("no daemon answers on " + db1.dir().resolve("tandem.sock"));
    }

    private static Path tokenFile(Host h, String token, String mode) throws java.io.IOException {
        Path p = h.dir().resolve("http.token");
        Files.writeString(p, token + "\n");
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        return p;
    }

    /** POSTs with curl on {@code h}: "CODE BODY", the token (if any) as a bearer token. */
    private static String httpPost(Host h, String url, String token) {
        List<String> argv = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "15", "-X", "POST", "-o", "-",
                "-w", "\n%{http_code}"));
        if (token != null) {
            argv.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        argv.add(url);
        String out = h.exec(java.time.Duration.ofSeconds(20), argv.toArray(String[]::new)).stdout();
        int nl = out.lastIndexOf('\n');
        return out.substring(nl + 1).strip() + " " + out.substring(0, Math.max(nl, 0));
    }

    private static String evalQuietly(DevTools d, String expression) {
        try {
            return d.eval(expression);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The page's DOM after its scripts ran (Chromium's virtual time lets its first fetches finish). */
    private static String pageDom(Host h, String url) {
        CommandResult r = chromium(h, "--dump-dom", url);
        assertThat(r.stdout()).as("chromium --dump-dom: " + r.stderr()).contains("data-refreshes=\"");
        assertThat(r.stdout()).doesNotContain("data-refreshes=\"0\"");
        return r.stdout();
    }

    static CommandResult chromium(Host h, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + h.dir().resolve("chromium"), "--virtual-time-budget=3000"));
        argv.addAll(List.of(args));
        return h.exec(java.time.Duration.ofSeconds(60), argv.toArray(String[]::new));
    }

    private CommandResult status(Host h, String... flags) {
        List<String> argv = new java.util.ArrayList<>(List.of(VrrpLab.TANDEM.toString(), "status", "-p",
                h.dir().resolve("tandem.pid").toString()));
        argv.addAll(List.of(flags));
        return h.exec(argv.toArray(String[]::new));
    }

    /** Polls {@code tandem status} on {@code h} until its output contains {@code text}. */
    private String awaitStatus(Host h, String text) throws InterruptedException {
        AtomicReference<String> last = new AtomicReference<>("");
        VrrpLab.await(() -> {
            CommandResult r = status(h);
            last.set(r.stdout() + r.stderr());
            return r.exitCode() == 0 && r.stdout().contains(text);
        }, () -> "tandem status on " + h.name() + " never showed '" + text + "'; last:\n" + last.get());
        return last.get();
    }
}
