package io.tandem.daemon;

import io.tandem.config.NotifyScripts;
import io.tandem.notify.Alerts;
import io.tandem.notify.NotifyQueue;
import io.tandem.script.CommandLine;
import io.tandem.script.ScriptCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * keepalived's notify conventions (vrrp_notify.c {@code send_instance_notifies},
 * {@code send_group_notifies}, {@code notify_script_exec}) for one instance or sync group:
 * {@code notify_master}/{@code _backup}/{@code _fault}/{@code _stop} run as written; {@code notify}
 * gets {@code INSTANCE|GROUP name STATE priority} appended, the priority always 0 for a group.
 * Scripts go to the {@link NotifyQueue}, never run on the control loop. With {@code smtp_alert}
 * on, a mail goes to {@link Alerts} too, once per state entered, as keepalived's
 * {@code last_email_state} has it.
 */
final class StateNotifier {
    static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(30);

    /** keepalived's word for what is notified. */
    enum Kind { INSTANCE, GROUP }

    private final NotifyScripts scripts;
    private final Kind kind;
    private final String name;
    private final NotifyQueue queue;
    private final Optional<String> user;
    private final Alerts alerts;
    private final boolean smtpAlert;
    private String lastEmailState;

    StateNotifier(NotifyScripts scripts, Kind kind, String name, NotifyQueue queue, Optional<String> user) {
        this(scripts, kind, name, queue, user, Alerts.none(), false);
    }

    StateNotifier(NotifyScripts scripts, Kind kind, String name, NotifyQueue queue, Optional<String> user, Alerts alerts,
                  boolean smtpAlert) {
        this.scripts = scripts;
        this.kind = kind;
        this.name = name;
        this.queue = queue;
        this.user = user;
        this.alerts = alerts;
        this.smtpAlert = smtpAlert;
    }

    /** Runs the scripts for entering {@code state}: MASTER, BACKUP, FAULT or STOP; then the mail. */
    void entered(String state, int priority) {
        for (ScriptCommand c : commands(state, priority)) {
            queue.submit(c);
        }
        if (mailFor(state)) {
            if (kind == Kind.GROUP) {
                alerts.group(name, state);
            } else {
                alerts.instance(name, state);
            }
        }
    }

    /** Whether entering {@code state} sends a mail: smtp_alert on and not the state last mailed (keepalived). */
    boolean mailFor(String state) {
        if (!smtpAlert || state.equals(lastEmailState)) {
            return false;
        }
        lastEmailState = state;
        return true;
    }

    /** The commands {@link #entered} submits, in order: the state's own script, then {@code notify}. */
    List<ScriptCommand> commands(String state, int priority) {
        Optional<String> specific = switch (state) {
            case "MASTER" -> scripts.master();
            case "BACKUP" -> scripts.backup();
            case "FAULT" -> scripts.fault();
            case "STOP" -> scripts.stop();
            default -> throw new IllegalArgumentException("no notify for state " + state);
        };
        List<ScriptCommand> out = new ArrayList<>();
        specific.map(CommandLine::split).filter(a -> !a.isEmpty()).ifPresent(argv ->
                out.add(command(argv, "notify_" + state.toLowerCase(Locale.ROOT))));
        scripts.any().map(CommandLine::split).filter(a -> !a.isEmpty()).ifPresent(argv -> {
            List<String> all = new ArrayList<>(argv);
            all.addAll(List.of(kind.name(), name, state, Integer.toString(kind == Kind.GROUP ? 0 : priority)));
            out.add(command(all, "notify"));
        });
        return out;
    }

    private ScriptCommand command(List<String> argv, String what) {
        String who = kind == Kind.GROUP ? "VRRP_Group(" + name + ")" : "(" + name + ")";
        return new ScriptCommand(argv, NOTIFY_TIMEOUT, user, who + " " + what);
    }
}
