package io.tandem.notify;

import io.tandem.config.GlobalDefs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * The one place the daemon (and the MySQL failover and the load balancer) sends e-mail alerts
 * through: transitions of instances and sync groups in keepalived's words, and Tandem's own
 * alerts ({@link #alert}). Every method only queues and returns at once; with no
 * notification_email or no smtp_server it does nothing, as keepalived. Whether an instance
 * wants mail ({@code smtp_alert}) is its caller's decision; {@code no_email_faults} is applied here.
 */
public final class Alerts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());

    private final Optional<MailQueue> queue;
    private final String routerId;
    private final boolean noEmailFaults;

    private Alerts(Optional<MailQueue> queue, String routerId, boolean noEmailFaults) {
        this.queue = queue;
        this.routerId = routerId;
        this.noEmailFaults = noEmailFaults;
    }

    /** Alerts that go nowhere (no mail configured). */
    public static Alerts none() {
        return new Alerts(Optional.empty(), "", false);
    }

    /**
     * Alerts as {@code g} configures them, with this host's name for keepalived's defaults. A
     * credentials file that cannot be read disables mail with an error in the log: a broken
     * alert path must not keep the daemon from running.
     */
    public static Alerts start(GlobalDefs g) {
        return start(g, MailSettings.localName());
    }

    static Alerts start(GlobalDefs g, String localName) {
        Optional<MailSettings> settings;
        try {
            settings = MailSettings.of(g, localName);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "SMTP alerts disabled: " + e.getMessage());
            return none();
        }
        if (settings.isEmpty()) {
            return none();
        }
        return start(settings.get(), g.noEmailFaults(), MailQueue.DEFAULT_CAPACITY, MailQueue.DEFAULT_ATTEMPTS,
                MailQueue.DEFAULT_BACKOFF);
    }

    /** Alerts over explicit settings and queue bounds (tests, and callers with their own limits). */
    public static Alerts start(MailSettings s, boolean noEmailFaults, int capacity, int attempts, Duration backoff) {
        try {
            MailQueue q = new MailQueue(s, capacity, attempts, backoff);
            LOG.log(Level.INFO, "SMTP alerts to {0} via {1} (STARTTLS {2}{3})", String.join(", ", s.recipients()), s.server(),
                    s.startTls().name().toLowerCase(java.util.Locale.ROOT),
                    s.credentials().map(c -> ", AUTH as " + c.user()).orElse(""));
            return new Alerts(Optional.of(q), s.routerId(), noEmailFaults);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "SMTP alerts disabled: " + e.getMessage());
            return none();
        }
    }

    /** Whether mails go anywhere. */
    public boolean enabled() {
        return queue.isPresent();
    }

    /** A vrrp_instance entered {@code state} (MASTER, BACKUP, FAULT, STOP, DELETED). */
    public void instance(String name, String state) {
        if (!skip(state)) {
            AlertText.instance(routerId, name, state).ifPresent(this::send);
        }
    }

    /** A vrrp_sync_group entered {@code state} (MASTER, BACKUP, FAULT, STOP). */
    public void group(String name, String state) {
        if (!skip(state)) {
            AlertText.group(routerId, name, state).ifPresent(this::send);
        }
    }

    /**
     * Tandem's own alert, subject {@code [router_id] Tandem: subject}; e.g. "only one healthy
     * master left" and "redundancy restored".
     */
    public void alert(String subject, String body) {
        send(AlertText.tandem(routerId, subject, body));
    }

    /** Queues a mail already in its final words (checker alerts from {@link AlertText}). */
    public void send(Mail mail) {
        queue.ifPresent(q -> q.submit(mail));
    }

    /** The router id used in subjects. */
    public String routerId() {
        return routerId;
    }

    /** The queue, when mail is configured: counters for status and tests. */
    public Optional<MailQueue> queue() {
        return queue;
    }

    private boolean skip(String state) {
        return noEmailFaults && state.equals("FAULT");
    }

    @Override
    public void close() {
        queue.ifPresent(MailQueue::close);
    }
}
