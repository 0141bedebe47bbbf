package io.tandem.cli;

import io.tandem.config.ConfigLoader;
import io.tandem.config.Diagnostic;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.Severity;
import io.tandem.host.FileConfigSource;
import io.tandem.host.LocalHostFacts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem check -f FILE}: prints every diagnostic ({@code file:line: severity: message}) on
 * standard error and a summary on standard output, and exits as {@code keepalived -t} does:
 * 0 fine, 4 cannot run, 5 errors that keepalived would repair or ignore, 6 scripts without
 * {@code enable_script_security} (or the configuration could not be read). Unlike keepalived 2.2.7,
 * a missing file is 6, not 0.
 */
@Command(name = "check", description = {"Check a configuration against this host and exit with keepalived -t's codes:",
        "0 ok, 4 cannot run, 5 errors (parts ignored or repaired), 6 scripts without enable_script_security."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = {"-f", "--use-file"}, paramLabel = "FILE", description = "Configuration file.")
    Path configFile;

    @Option(names = "--strict", description = "Count notices (likely mistakes keepalived accepts) as errors: exit 5.")
    boolean strict;

    @Option(names = {"-q", "--quiet"}, description = "Print diagnostics only, no summary.")
    boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path file = (configFile != null ? configFile : TandemCommand.defaultConfig()).toAbsolutePath();
        ConfigLoader.Result r = ConfigLoader.load(file.toString(), new FileConfigSource(), new LocalHostFacts());
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Diagnostic d : r.diagnostics()) {
            err.println(d.format());
            counts.merge(d.severity(), 1, Integer::sum);
        }
        int code = r.exitCode(strict);
        if (!quiet) {
            KeepalivedConfig c = r.config();
            out.printf("%s: %d vrrp_instance, %d vrrp_sync_group, %d vrrp_script, %d virtual_server%n", file,
                    c.vrrpInstances().size(), c.vrrpSyncGroups().size(), c.vrrpScripts().size(), c.virtualServers().size());
            StringBuilder sb = new StringBuilder();
            for (Severity s : Severity.values()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(counts.getOrDefault(s, 0)).append(' ').append(s.label());
            }
            out.printf("%s; exit %d (%s)%n", sb, code, meaning(code));
        }
        return code;
    }

    static String meaning(int code) {
        return switch (code) {
            case 0 -> "configuration OK";
            case 4 -> "configuration cannot run";
            case 5 -> "configuration has errors; the affected parts are ignored or repaired";
            case 6 -> "scripts configured but enable_script_security is off";
            default -> "unexpected";
        };
    }
}
