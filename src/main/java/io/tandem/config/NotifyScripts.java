package io.tandem.config;

import java.util.Optional;

/**
 * The notify commands of an instance or sync group. Each is a command line as written (a quoted
 * string may hold arguments); keepalived appends nothing to {@code notify_master} and friends and
 * appends {@code INSTANCE|GROUP name state priority} to {@code notify}.
 */
public record NotifyScripts(
        Optional<String> master,
        Optional<String> backup,
        Optional<String> fault,
        Optional<String> stop,
        Optional<String> any) {

    public static final NotifyScripts NONE =
            new NotifyScripts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Collects {@code notify*} statements of one block. */
    static final class Builder {
        private Optional<String> master = Optional.empty();
        private Optional<String> backup = Optional.empty();
        private Optional<String> fault = Optional.empty();
        private Optional<String> stop = Optional.empty();
        private Optional<String> any = Optional.empty();

        /**
         * Takes {@code n} if it is a notify statement and returns true. The command is the first
         * word (quote it to give arguments); keepalived's optional USER [GROUP] after it is noted.
         */
        boolean accept(Node n, Args args) {
            Optional<String> command;
            switch (n.keyword()) {
                case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" -> {
                    if (n.args().isEmpty()) {
                        args.diagnostics().error(n.at(), "'" + n.keyword() + "' is missing its command");
                        return true;
                    }
                    if (n.args().size() > 1) {
                        args.diagnostics().notice(n.at(), "'" + n.keyword() + "': running the script as user '"
                                + n.arg(1) + "' is not implemented by tandem; it runs as the script user");
                    }
                    command = Optional.of(n.arg(0));
                }
                default -> {
                    return false;
                }
            }
            Optional<String> before = switch (n.keyword()) {
                case "notify_master" -> master;
                case "notify_backup" -> backup;
                case "notify_fault" -> fault;
                case "notify_stop" -> stop;
                default -> any;
            };
            if (before.isPresent()) { // keepalived keeps the first one and counts the second as a config error
                args.diagnostics().error(n.at(), "'" + n.keyword() + "' script already specified; ignoring " + command.get());
                return true;
            }
            switch (n.keyword()) {
                case "notify_master" -> master = command;
                case "notify_backup" -> backup = command;
                case "notify_fault" -> fault = command;
                case "notify_stop" -> stop = command;
                default -> any = command;
            }
            return true;
        }

        NotifyScripts build() {
            return new NotifyScripts(master, backup, fault, stop, any);
        }
    }
}
