package io.tandem.notify;

import io.tandem.config.GlobalDefs;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Delivers one {@link Mail} over SMTP with Angus Mail, one connection per mail as keepalived does:
 * HELO with {@code smtp_helo_name} (EHLO when STARTTLS or AUTH needs it), every connect, read and
 * write bounded by {@code smtp_connect_timeout}, STARTTLS verified against the JDK's trust store
 * or {@code smtp_tls_ca_file} with the server's name checked, AUTH with {@code smtp_auth_file}.
 * Headers as keepalived writes them (Date, From, Subject, To with every recipient), with
 * {@code X-Mailer: Tandem}.
 */
final class SmtpTransport {
    private final MailSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;

    SmtpTransport(MailSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        try {
            this.from = new InternetAddress(settings.from());
            this.to = new InternetAddress[settings.recipients().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(settings.recipients().get(i));
            }
        } catch (AddressException e) {
            throw new IllegalStateException("bad e-mail address in global_defs: " + e.getMessage(), e);
        }
    }

    static Properties properties(MailSettings s) {
        Properties p = new Properties();
        String ms = Long.toString(Math.max(1, s.timeout().toMillis()));
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.localhost", s.heloName());
        p.put("mail.smtp.from", s.from());
        boolean tls = s.startTls() != GlobalDefs.StartTls.OFF;
        // keepalived says HELO; ESMTP is needed only to learn of STARTTLS and AUTH
        p.put("mail.smtp.ehlo", Boolean.toString(tls || s.credentials().isPresent()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(tls));
        p.put("mail.smtp.starttls.required", Boolean.toString(s.startTls() == GlobalDefs.StartTls.REQUIRED));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", Boolean.toString(s.credentials().isPresent()));
        s.caFile().ifPresent(ca -> p.put("mail.smtp.ssl.socketFactory", trusting(ca)));
        return p;
    }

    /** A TLS socket factory that trusts exactly the PEM certificates in {@code caFile}. */
    static SSLSocketFactory trusting(java.nio.file.Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new IllegalStateException("smtp_tls_ca_file " + caFile + ": no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("smtp_tls_ca_file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code mail}; throws what went wrong. */
    void deliver(Mail mail) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("X-Mailer", "Tandem");
        m.setText(mail.body() + "\r\n", StandardCharsets.UTF_8.name());
        m.saveChanges();
        try (Transport t = session.getTransport("smtp")) {
            if (settings.credentials().isPresent()) {
                t.connect(settings.host(), settings.port(), settings.credentials().get().user(),
                        settings.credentials().get().password());
            } else {
                t.connect();
            }
            t.sendMessage(m, to);
        }
    }

    /** Failures that a retry cannot fix: rejected credentials, rejected addresses. */
    static boolean permanent(MessagingException e) {
        return e instanceof AuthenticationFailedException
                || (e instanceof SendFailedException s && s.getValidSentAddresses() == null
                        && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0);
    }
}
