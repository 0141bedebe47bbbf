package io.tandem.daemon;

import io.tandem.check.TcpProbe;
import io.tandem.config.Checker;
import io.tandem.config.MiscCheck;
import io.tandem.config.MysqlCheck;
import io.tandem.config.TcpCheck;
import io.tandem.script.CommandLine;
import java.util.List;

/**
 * The log line for a failed checker attempt that leaves the real server in (a retry still to
 * come), written only with keepalived's {@code log_all_failures} or {@code checker_log_all_failures}:
 * so that an operator sees the short failures the retries hide. keepalived 2.2.7's wording where it
 * has one ({@code TCP connection to [10.0.0.21]:tcp:3306 failed.} / {@code timeout.} from
 * check_tcp.c, {@code Misc check for [rs VS vs] by [script] failed, will do 3 retries (...)} from
 * check_misc.c), the probe's own reason in parentheses; {@code MYSQL_CHECK}, Tandem's own, follows
 * the MISC_CHECK form.
 */
final class FailedAttempt {
    private FailedAttempt() {
    }

    /**
     * @param realServer    the real server as keepalived prints it ({@code [10.0.0.21]:tcp:3306})
     * @param virtualServer the virtual server likewise
     * @param detail        the probe's reason for the failure
     * @param retriesUsed   retries used for this failure so far, counting the one to come (1 after the first failed run)
     * @param retry         the checker's {@code retry}
     */
    static String line(Checker checker, String realServer, String virtualServer, String detail, int retriesUsed, int retry) {
        return switch (checker) {
            case TcpCheck t -> "TCP connection to " + realServer + (TcpProbe.timedOut(detail) ? " timeout." : " failed.")
                    + " (" + detail + ")";
            case MiscCheck m -> "Misc check for [" + realServer + " VS " + virtualServer + "] by [" + program(m.path()) + "] failed"
                    + progress(retriesUsed, retry) + " (" + detail + ").";
            case MysqlCheck m -> "MYSQL_CHECK for [" + realServer + " VS " + virtualServer + "] failed"
                    + progress(retriesUsed, retry) + " (" + detail + ").";
        };
    }

    /** keepalived's check_misc.c: ", will do 3 retries" after the regular run, " on retry 1/3" after a retry. */
    private static String progress(int retriesUsed, int retry) {
        if (retriesUsed <= 1) {
            return ", will do " + retry + (retry == 1 ? " retry" : " retries");
        }
        return " on retry " + (retriesUsed - 1) + "/" + retry;
    }

    private static String program(String commandLine) {
        List<String> words = CommandLine.split(commandLine);
        return words.isEmpty() ? commandLine : words.getFirst();
    }
}
