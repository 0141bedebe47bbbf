package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keepalived 2.2.7's {@code log_all_failures} (a checker keyword, check_api.c, optional
 * true/false) and {@code global_defs { checker_log_all_failures }} (global_parser.c): read on
 * every checker kind Tandem serves, a bad value an error at its line that leaves the setting as it
 * was, and the two ORed (check_tcp.c, check_misc.c).
 */
class LogAllFailuresTest {
    private static ConfigLoader.Result load(String globals, String checkers) {
        return Load.text(globals + Load.instance("VI_1", "eth0", 1, "192.168.1.5/24") + "virtual_server 192.168.1.5 3306 {\n"
                + "    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n"
                + "    real_server 192.168.1.10 3306 {\n" + checkers + "    }\n}\n");
    }

    private static List<CheckerTiming> timings(ConfigLoader.Result r) {
        return r.config().virtualServers().getFirst().realServers().getFirst().timings();
    }

    private static String tcp(String body) {
        return "        TCP_CHECK {\n" + body + "        }\n";
    }

    private static String misc(String body) {
        return "        MISC_CHECK {\n            misc_path /bin/true\n" + body + "        }\n";
    }

    private static String mysql(String body) {
        return "        MYSQL_CHECK {\n            user monitor\n" + body + "        }\n";
    }

    @Test
    void readOnEveryCheckerKindWithoutANotice() {
        ConfigLoader.Result r = load("", tcp("            log_all_failures\n") + misc("            log_all_failures\n")
                + mysql("            log_all_failures\n") + tcp(""));
        assertThat(Load.find(r, Severity.NOTICE, "log_all_failures")).as(Load.show(r)).isEmpty();
        assertThat(Load.find(r, Severity.WARNING, "log_all_failures")).as(Load.show(r)).isEmpty();
        assertThat(timings(r)).extracting(CheckerTiming::logAllFailures).containsExactly(true, true, true, false);
    }

    @Test
    void takesKeepalivedsBooleanWords() {
        ConfigLoader.Result r = load("", tcp("            log_all_failures on\n") + tcp("            log_all_failures off\n")
                + misc("            log_all_failures yes\n") + misc("            log_all_failures no\n")
                + mysql("            log_all_failures true\n") + mysql("            log_all_failures false\n")
                + tcp("            log_all_failures\n            log_all_failures off\n"));
        assertThat(Load.find(r, Severity.ERROR, "log_all_failures")).as(Load.show(r)).isEmpty();
        assertThat(timings(r)).extracting(CheckerTiming::logAllFailures)
                .containsExactly(true, false, true, false, true, false, false);
    }

    @Test
    void aBadValueIsAnErrorAtItsLineAndLeavesItOff() {
        ConfigLoader.Result r = load("", tcp("            log_all_failures maybe\n"));
        List<Diagnostic> errors = Load.find(r, Severity.ERROR, "'log_all_failures'");
        assertThat(errors).as(Load.show(r)).hasSize(1);
        // instance block (7 lines), virtual_server, 3 settings, real_server, TCP_CHECK: the keyword is line 14
        assertThat(errors.getFirst().at()).isEqualTo(new SourceLocation(Load.MAIN, 14));
        assertThat(errors.getFirst().message()).contains("maybe");
        assertThat(r.exitCode(false)).isNotZero();
        assertThat(timings(r).getFirst().logAllFailures()).isFalse();
    }

    @Test
    void theGlobalKeywordIsReadAndABadValueIsAnErrorAtItsLine() {
        ConfigLoader.Result on = load("global_defs {\n    checker_log_all_failures\n}\n", tcp(""));
        assertThat(Load.find(on, Severity.NOTICE, "checker_log_all_failures")).as(Load.show(on)).isEmpty();
        assertThat(on.config().globalDefs().checkerLogAllFailures()).isTrue();
        ConfigLoader.Result no = load("global_defs {\n    checker_log_all_failures no\n}\n", tcp(""));
        assertThat(no.config().globalDefs().checkerLogAllFailures()).isFalse();
        assertThat(load("", tcp("")).config().globalDefs().checkerLogAllFailures()).isFalse();

        ConfigLoader.Result bad = load("global_defs {\n    checker_log_all_failures sometimes\n}\n", tcp(""));
        List<Diagnostic> errors = Load.find(bad, Severity.ERROR, "'checker_log_all_failures'");
        assertThat(errors).as(Load.show(bad)).hasSize(1);
        assertThat(errors.getFirst().at()).isEqualTo(new SourceLocation(Load.MAIN, 2));
        assertThat(bad.config().globalDefs().checkerLogAllFailures()).isFalse();
    }

    @Test
    void theGlobalKeywordAndTheCheckersAreOred() {
        String checkers = tcp("") + tcp("            log_all_failures\n") + tcp("            log_all_failures off\n");
        ConfigLoader.Result global = load("global_defs {\n    checker_log_all_failures\n}\n", checkers);
        ConfigLoader.Result local = load("", checkers);
        // the checker's own 'off' cannot turn the global setting off
        assertThat(timings(global)).extracting(t -> t.logsAllFailures(global.config().globalDefs()))
                .containsExactly(true, true, true);
        assertThat(timings(local)).extracting(t -> t.logsAllFailures(local.config().globalDefs()))
                .containsExactly(false, true, false);
    }
}
