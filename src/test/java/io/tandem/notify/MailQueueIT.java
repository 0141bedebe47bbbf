package io.tandem.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.GlobalDefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts delivered to a real SMTP server (aiosmtpd in its own process on 127.0.0.1): keepalived's
 * subjects and headers, STARTTLS verified against the server's certificate, AUTH, a wrong
 * password logged without the password, and a server that accepts but never answers, which must
 * not block the caller nor grow the queue past its bound.
 */
class MailQueueIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "c0rrect-h0rse-Battery";

    @TempDir
    Path dir;
    private SmtpTestServer server;
    private Alerts alerts;
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Logger julLogger = Logger.getLogger(MailQueue.class.getName());
    private final Handler capture = new Handler() {
        private final SimpleFormatter f = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            logLines.add(f.formatMessage(r));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        julLogger.removeHandler(capture);
        if (alerts != null) {
            alerts.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MailSettings settings(GlobalDefs.StartTls tls, Optional<Path> ca, Optional<SmtpCredentials> credentials,
                                  Duration timeout) {
        return new MailSettings(server.host(), server.port(), "db1", "tandem@db1.example.com",
                List.of("dba@example.com", "sre@example.com"), "db1.example.com", timeout, tls, ca, credentials);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void transitionsAndTandemAlertsArriveWithKeepalivedsSubjectsAndHeaders() throws Exception {
        server = SmtpTestServer.local(dir, SmtpTestServer.Options.plain());
        alerts = Alerts.start(settings(GlobalDefs.StartTls.OFF, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)),
                false, 16, 3, Duration.ofMillis(200));
        alerts.instance("VI_W", "MASTER");
        alerts.group("VG", "BACKUP");
        alerts.alert("only one healthy master left", "db2 is down; db1 serves alone");

        var master = server.awaitMail(m -> m.subject().equals("[db1] VRRP Instance VI_W - Entering MASTER state"), WAIT);
        assertThat(master.body()).isEqualTo("=> VRRP Instance is now owning VRRP VIPs <=");
        assertThat(master.from()).isEqualTo("tandem@db1.example.com");
        assertThat(master.to()).isEqualTo("dba@example.com, sre@example.com");
        assertThat(master.envelopeFrom()).isEqualTo("tandem@db1.example.com");
        assertThat(master.envelopeTo()).isEqualTo("dba@example.com, sre@example.com");
        assertThat(master.helo()).isEqualTo("db1.example.com");
        assertThat(master.xMailer()).isEqualTo("Tandem");
        assertThat(master.tls()).isFalse();
        var group = server.awaitMail(m -> m.subject().equals("[db1] VRRP Group VG - Entering BACKUP state"), WAIT);
        assertThat(group.body()).isEqualTo("=> All VRRP group instances are now in BACKUP state <=");
        var tandem = server.awaitMail(m -> m.subject().equals("[db1] Tandem: only one healthy master left"), WAIT);
        assertThat(tandem.body()).isEqualTo("db2 is down; db1 serves alone");
        await(() -> alerts.queue().orElseThrow().sent() == 3, "3 sent");
        assertThat(server.mails()).extracting(SmtpTestServer.Received::subject).as("in the order submitted").containsExactly(
                "[db1] VRRP Instance VI_W - Entering MASTER state", "[db1] VRRP Group VG - Entering BACKUP state",
                "[db1] Tandem: only one healthy master left");
    }

    @Test
    void noEmailFaultsSkipsFaultMailsOnly() throws Exception {
        server = SmtpTestServer.local(dir, SmtpTestServer.Options.plain());
        alerts = Alerts.start(settings(GlobalDefs.StartTls.OFF, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)),
                true, 16, 3, Duration.ofMillis(200));
        alerts.instance("VI_W", "FAULT");
        alerts.group("VG", "FAULT");
        alerts.instance("VI_W", "BACKUP");
        server.awaitMail(m -> m.subject().endsWith("Entering BACKUP state"), WAIT);
        await(() -> alerts.queue().orElseThrow().idle(), "queue idle");
        assertThat(server.mails()).hasSize(1);
    }

    private Path[] tlsServer() throws Exception {
        Path[] certKey = SmtpTestServer.selfSigned(dir, "127.0.0.1");
        server = SmtpTestServer.local(dir, SmtpTestServer.Options.tls(certKey[0], certKey[1], "alerts:" + PASSWORD));
        return certKey;
    }

    @Test
    void startTlsVerifiedAgainstTheCaFileAndAuthDeliver() throws Exception {
        Path[] certKey = tlsServer();
        alerts = Alerts.start(settings(GlobalDefs.StartTls.REQUIRED, Optional.of(certKey[0]),
                Optional.of(new SmtpCredentials("alerts", PASSWORD)), Duration.ofSeconds(5)), false, 16, 3, Duration.ofMillis(200));
        alerts.instance("VI_W", "MASTER");
        var m = server.awaitMail(r -> r.subject().endsWith("Entering MASTER state"), WAIT);
        assertThat(m.tls()).as("sent inside STARTTLS").isTrue();
        assertThat(m.authUser()).isEqualTo("alerts");
        assertThat(server.log()).contains("auth ok for alerts");
        assertThat(String.join("\n", logLines)).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsLoggedAsAFailureWithoutThePasswordAndNotRetried() throws Exception {
        Path[] certKey = tlsServer();
        String wrong = "Wr0ng-pass-" + System.nanoTime();
        alerts = Alerts.start(settings(GlobalDefs.StartTls.REQUIRED, Optional.of(certKey[0]),
                Optional.of(new SmtpCredentials("alerts", wrong)), Duration.ofSeconds(5)), false, 16, 3, Duration.ofMillis(200));
        alerts.instance("VI_W", "MASTER");
        await(() -> alerts.queue().orElseThrow().failed() == 1, "the mail failed");
        String log = String.join("\n", logLines);
        assertThat(log).contains("attempt 1 of 3 failed").contains("AuthenticationFailedException").contains("giving up")
                .doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(server.log()).contains("auth FAILED for alerts");
        assertThat(server.mails()).isEmpty();
    }

    @Test
    void anUntrustedCertificateOrAServerWithoutStartTlsGetsNothing() throws Exception {
        tlsServer();
        alerts = Alerts.start(settings(GlobalDefs.StartTls.REQUIRED, Optional.empty(),
                Optional.of(new SmtpCredentials("alerts", PASSWORD)), Duration.ofSeconds(5)), false, 16, 1, Duration.ofMillis(1));
        alerts.instance("VI_W", "MASTER");
        await(() -> alerts.queue().orElseThrow().failed() == 1, "the mail failed");
        assertThat(String.join("\n", logLines)).contains("SSLHandshakeException");
        assertThat(server.log()).doesNotContain("auth ");
        alerts.close();
        server.close();

        server = SmtpTestServer.local(dir.resolve("plain"), SmtpTestServer.Options.plain());
        alerts = Alerts.start(settings(GlobalDefs.StartTls.REQUIRED, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)),
                false, 16, 1, Duration.ofMillis(1));
        alerts.instance("VI_W", "MASTER");
        await(() -> alerts.queue().orElseThrow().failed() == 1, "the mail failed");
        assertThat(String.join("\n", logLines)).contains("STARTTLS is required");
        assertThat(server.mails()).as("nothing in clear text").isEmpty();
    }

    @Test
    void aServerThatNeverAnswersNeitherBlocksTheCallerNorGrowsTheQueue() throws Exception {
        server = SmtpTestServer.local(dir, SmtpTestServer.Options.blackHole());
        // a timeout far longer than the bound below: a submit that waited for the server would show
        Duration timeout = Duration.ofSeconds(30);
        alerts = Alerts.start(settings(GlobalDefs.StartTls.OFF, Optional.empty(), Optional.empty(), timeout), false, 4, 3,
                Duration.ofMillis(100));
        MailQueue q = alerts.queue().orElseThrow();
        int n = 200;
        long slowest = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            alerts.instance("VI_" + i, "MASTER");
            slowest = Math.max(slowest, System.nanoTime() - t);
        }
        long total = System.nanoTime() - start;
        System.out.printf("%d alerts submitted to a silent SMTP server in %.2f ms (slowest %.3f ms); pending %d, dropped %d%n",
                n, total / 1e6, slowest / 1e6, q.pending(), q.dropped());
        assertThat(Duration.ofNanos(total)).as("submitting never waits for the server").isLessThan(Duration.ofSeconds(5));
        await(() -> server.log().contains("blackhole connection"), "the worker connected to the silent server");
        assertThat(q.pending()).isLessThanOrEqualTo(4);
        assertThat(q.dropped()).isGreaterThanOrEqualTo(n - 4 - 1);
        assertThat(q.sent()).isZero();
        assertThat(String.join("\n", logLines)).contains("mail queue full or closed: dropped");

        long closing = System.nanoTime();
        alerts.queue().orElseThrow().close(Duration.ZERO);
        Duration closed = Duration.ofNanos(System.nanoTime() - closing);
        System.out.printf("closing with a delivery stuck on the silent server took %d ms%n", closed.toMillis());
        assertThat(closed).isLessThan(Duration.ofSeconds(5));
        assertThat(q.dropped()).isEqualTo(n - 1L);
    }
}
