package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import io.tandem.lab.Signal;
import io.tandem.notify.SmtpTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * keepalived's smtp_alert from real Tandem daemons in lab hosts to a real SMTP server (aiosmtpd)
 * in a third lab host: the transition mails arrive from the right node, and a mail server that
 * accepts connections but never answers does not slow a failover. Durations are printed; the
 * only bound asserted is one a daemon waiting for its mail server could not meet.
 */
class VrrpMailIT {
    /** keepalived's master-down interval for advert_int 1 and priority 100: 3 × 1 s + skew (256 − 100)/256 s. */
    private static final Duration MASTER_DOWN = Duration.ofMillis(3610);

    private VrrpLab v;
    private Host db1;
    private Host db2;
    private Host mx;
    private SmtpTestServer smtp;

    @BeforeEach
    void lab() {
        assumeTrue(Lab.isSupported(), "needs root and iproute2");
        v = new VrrpLab();
        db1 = v.db1;
        db2 = v.db2;
        mx = v.addHost("mx");
    }

    @AfterEach
    void teardown() {
        if (smtp != null) {
            smtp.close();
        }
        if (v != null) {
            v.close();
        }
    }

    /** A second global_defs block (keepalived merges them) with the mail settings; {@code more} inside it. */
    private String mailGlobals(Host h, String more) {
        return """
                global_defs {
                    notification_email {
                        dba@example.com
                    }
                    notification_email_from tandem@%s.example.com
                    smtp_server %s %d
                    smtp_connect_timeout 30
                    %s
                }
                """.formatted(h.name(), smtp.host(), smtp.port(), more);
    }

    @Test
    void theNewMasterMailsEnteringMasterState() throws Exception {
        smtp = SmtpTestServer.in(mx, SmtpTestServer.Options.plain());
        // db1 asks per instance, db2 through the global default: both are keepalived's ways
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 2, "smtp_alert", mailGlobals(db1, "")));
        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 2, "", mailGlobals(db2, "smtp_alert_vrrp")));
        v.awaitMaster(db1, db2, t1, t2);
        var first = smtp.awaitMail(m -> m.subject().equals("[db1] VRRP Instance VI_W - Entering MASTER state"), VrrpLab.WAIT);
        assertThat(first.from()).isEqualTo("tandem@db1.example.com");
        assertThat(first.to()).isEqualTo("dba@example.com");
        assertThat(first.body()).isEqualTo("=> VRRP Instance is now owning VRRP VIPs <=");
        smtp.awaitMail(m -> m.subject().equals("[db2] VRRP Instance VI_W - Entering BACKUP state"), VrrpLab.WAIT);

        t1.signal(Signal.TERM);
        Duration takeover = VrrpLab.await(() -> v.holdsVip(db2), () -> t2.tail(30));
        var master = smtp.awaitMail(m -> m.subject().equals("[db2] VRRP Instance VI_W - Entering MASTER state"), VrrpLab.WAIT);
        assertThat(master.from()).isEqualTo("tandem@db2.example.com");
        assertThat(master.envelopeFrom()).isEqualTo("tandem@db2.example.com");
        smtp.awaitMail(m -> m.subject().equals("[db1] VRRP Instance VI_W - Stopping"), VrrpLab.WAIT);
        assertThat(t2.logText()).contains("SMTP alert \"[db2] VRRP Instance VI_W - Entering MASTER state\" sent to "
                + smtp.host() + ":" + smtp.port());
        System.out.printf("takeover after SIGTERM with mail alerts to a working server: %d ms%n", takeover.toMillis());
        assertThat(smtp.mails()).extracting(SmtpTestServer.Received::subject).as("one mail per state entered")
                .doesNotHaveDuplicates();
    }

    @Test
    void aMailServerThatNeverAnswersDoesNotSlowTheFailover() throws Exception {
        smtp = SmtpTestServer.in(mx, SmtpTestServer.Options.blackHole());
        LabProcess t1 = v.tandem(db1, v.conf(db1, 150, 2, "smtp_alert", mailGlobals(db1, "")));
        LabProcess t2 = v.tandem(db2, v.conf(db2, 100, 2, "smtp_alert", mailGlobals(db2, "")));
        v.awaitMaster(db1, db2, t1, t2);
        // both daemons' workers now hang on the silent server (30 s timeout) with their first mails
        VrrpLab.await(() -> smtp.log().lines().filter(l -> l.equals("blackhole connection")).count() >= 2,
                () -> "both daemons connect to the mail server:\n" + smtp.log());

        t1.signal(Signal.TERM);
        Duration takeover = VrrpLab.await(() -> v.holdsVip(db2), () -> t2.tail(30));
        long exit = System.nanoTime();
        assertThat(t1.waitFor(VrrpLab.WAIT)).as("tandem on db1 exits after SIGTERM").isTrue();
        Duration exited = Duration.ofNanos(System.nanoTime() - exit).plus(takeover);
        System.out.printf("takeover after SIGTERM with a silent mail server: %d ms (old master exited after %d ms)%n",
                takeover.toMillis(), exited.toMillis());
        assertThat(takeover).as("a daemon waiting on its mail server (30 s) could not do this").isLessThan(MASTER_DOWN);
        assertThat(t2.logText()).contains("(VI_W) BACKUP -> MASTER (master stopped (priority 0), skew time passed)");
        assertThat(v.holdsVip(db1)).isFalse();
        assertThat(t1.exitCode()).hasValue(0);
    }
}
