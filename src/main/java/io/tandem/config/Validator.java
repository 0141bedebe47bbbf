package io.tandem.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a read configuration as a whole and against the host: references between blocks,
 * duplicates, interfaces, addresses, scripts and their permissions. Severities follow what
 * {@code keepalived -t} reports for the same mistake, so exit codes match; findings keepalived
 * accepts silently are notices.
 */
final class Validator {
    /** keepalived's default script user when {@code enable_script_security} is on and none is given. */
    static final String DEFAULT_SCRIPT_USER = "keepalived_script";
    /** The search path for script names without a slash (keepalived uses its own PATH, set by systemd). */
    static final List<String> SCRIPT_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final KeepalivedConfig config;
    private final HostFacts host;
    private final Diagnostics d;

    private Validator(KeepalivedConfig config, HostFacts host, Diagnostics d) {
        this.config = config;
        this.host = host;
        this.d = d;
    }

    static void validate(KeepalivedConfig config, HostFacts host, Diagnostics diagnostics) {
        Validator v = new Validator(config, host, diagnostics);
        v.requiredInterfaces();
        v.instances();
        v.syncGroups();
        v.virtualServers();
        v.scripts();
        v.passwordFiles();
        v.smtp();
    }

    private void requiredInterfaces() {
        for (KeepalivedConfig.RequiredInterface r : config.requiredInterfaces()) {
            if (host.interfaceAddresses(r.name()).isEmpty()) {
                d.fatal(r.at(), "unknown interface " + r.name() + " for " + r.usedBy() + "; keepalived refuses to run");
            }
        }
    }

    private void instances() {
        Map<String, VrrpInstance> byName = new HashMap<>();
        Map<String, VrrpInstance> byInterfaceAndId = new HashMap<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            VrrpInstance same = byName.putIfAbsent(i.name(), i);
            if (same != null) {
                d.error(i.at(), "vrrp_instance " + i.name() + " is defined twice (first at " + same.at() + ")");
            }
            VrrpInstance clash = byInterfaceAndId.putIfAbsent(i.iface() + "/" + i.virtualRouterId(), i);
            if (clash != null) {
                d.error(i.at(), clash.name() + " and " + i.name() + " both use VRID " + i.virtualRouterId()
                        + " with IPv4 on interface " + i.iface() + " (first at " + clash.at() + ")");
            }
            Optional<List<HostFacts.InterfaceAddress>> addresses = host.interfaceAddresses(i.iface());
            if (addresses.isEmpty()) {
                d.error(i.at(), "(" + i.name() + ") interface " + i.iface() + " doesn't exist on this host");
            }
            for (VrrpInstance.VirtualAddress vip : i.virtualAddresses()) {
                String dev = vip.dev().orElse(i.iface());
                Optional<List<HostFacts.InterfaceAddress>> on = vip.dev().isPresent() ? host.interfaceAddresses(dev) : addresses;
                if (on.isEmpty()) {
                    if (vip.dev().isPresent()) {
                        d.error(vip.at(), "(" + i.name() + ") virtual address " + vip + ": interface " + dev + " doesn't exist on this host");
                    }
                    continue;
                }
                if (on.get().stream().noneMatch(a -> a.contains(vip.address()))) {
                    d.notice(vip.at(), "(" + i.name() + ") virtual address " + vip.address().getHostAddress()
                            + " is outside every subnet of " + dev + " (" + show(on.get()) + "): neighbours will not ARP for it"
                            + " unless it is routed to this host");
                }
            }
            i.unicastSrcIp().ifPresent(src -> addresses.ifPresent(list -> {
                if (list.stream().noneMatch(a -> a.address().equals(src))) {
                    d.notice(i.at(), "(" + i.name() + ") unicast_src_ip " + src.getHostAddress() + " is not an address of "
                            + i.iface() + " (" + show(list) + ")");
                }
            }));
            if (i.priority() == 255 && addresses.isPresent() && i.virtualAddresses().stream()
                    .noneMatch(v -> addresses.get().stream().anyMatch(a -> a.address().equals(v.address())))) {
                d.notice(i.at(), "(" + i.name() + ") priority 255 claims address ownership (RFC 5798 §5.2.4), but no virtual"
                        + " address is an address of " + i.iface() + "; 254 is the highest priority for a non-owner");
            }
            for (VrrpInstance.TrackScript t : i.trackScripts()) {
                if (config.vrrpScript(t.name()).isEmpty()) {
                    d.error(t.at(), "(" + i.name() + ") track script " + t.name() + " not found, ignoring");
                }
            }
            for (VrrpInstance.TrackInterface t : i.trackInterfaces()) {
                if (host.interfaceAddresses(t.name()).isEmpty()) {
                    d.error(t.at(), "(" + i.name() + ") track_interface " + t.name() + " doesn't exist on this host");
                }
            }
            InstanceTracking.of(config, i).adjustments().forEach(a -> d.error(a.at(), a.message()));
        }
    }

    private void syncGroups() {
        Map<String, VrrpSyncGroup> memberOf = new HashMap<>();
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            for (VrrpInstance.TrackScript t : g.trackScripts()) {
                if (config.vrrpScript(t.name()).isEmpty()) {
                    d.error(t.at(), "(" + g.name() + ") track script " + t.name() + " not found, ignoring");
                }
            }
            for (VrrpInstance.TrackInterface t : g.trackInterfaces()) {
                if (host.interfaceAddresses(t.name()).isEmpty()) {
                    d.error(t.at(), "(" + g.name() + ") track_interface " + t.name() + " doesn't exist on this host");
                }
            }
            int members = 0;
            for (String member : g.group()) {
                if (config.vrrpInstance(member).isEmpty()) {
                    d.error(g.at(), "vrrp_instance " + member + " in sync group " + g.name() + " doesn't exist; ignored");
                    continue;
                }
                VrrpSyncGroup other = memberOf.putIfAbsent(member, g);
                if (other != null) {
                    d.error(g.at(), "vrrp_instance " + member + " is in sync groups " + other.name() + " and " + g.name()
                            + "; an instance belongs to one group at most");
                    continue;
                }
                members++;
            }
            // keepalived 2.2.7 counts this as a config error (exit 5), after dropping the members it rejected
            if (members == 1) {
                d.error(g.at(), "sync group " + g.name() + " has only one instance; it synchronises nothing");
            }
        }
    }

    private void virtualServers() {
        Set<String> served = new HashSet<>();
        config.virtualServers().forEach(vs -> served.add(vs.address() + ":" + vs.port()));
        for (VrrpScript s : config.vrrpScripts()) {
            s.virtualServer().filter(e -> !served.contains(e.address() + ":" + e.port())).ifPresent(e -> d.error(s.at(),
                    "vrrp_script " + s.name() + ": check_virtual_server " + e.address() + " " + e.port()
                            + " names no virtual_server of this configuration; the check will always fail"));
        }
        Set<String> seen = new HashSet<>();
        for (VirtualServer vs : config.virtualServers()) {
            if (!seen.add(vs.address() + ":" + vs.port())) {
                // keepalived 2.2.7 -t accepts this (exit 0): advice only
                d.notice(vs.at(), "virtual_server " + vs.address() + " " + vs.port() + " is defined twice");
            }
            Set<String> reals = new HashSet<>();
            for (VirtualServer.RealServer rs : vs.realServers()) {
                if (!reals.add(rs.address() + ":" + rs.port())) {
                    d.error(rs.at(), "real_server " + rs.address() + " " + rs.port() + " appears twice in virtual_server "
                            + vs.address() + " " + vs.port());
                }
                if (rs.checkers().isEmpty()) {
                    d.notice(rs.at(), "real_server " + rs.address() + " " + rs.port() + " has no checker: it is always considered up");
                }
            }
        }
    }

    /** Every command the configuration would run, with where it was written. */
    private List<Script> allScripts() {
        List<Script> out = new ArrayList<>();
        for (VrrpScript s : config.vrrpScripts()) {
            boolean tracked = config.tracksScript(s.name());
            s.script().ifPresent(c -> out.add(new Script("vrrp_script " + s.name(), c, s.at(), tracked)));
        }
        for (VrrpInstance i : config.vrrpInstances()) {
            notify(out, "vrrp_instance " + i.name(), i.notifyScripts(), i.at());
        }
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            notify(out, "vrrp_sync_group " + g.name(), g.notifyScripts(), g.at());
        }
        for (VirtualServer vs : config.virtualServers()) {
            vs.quorumUp().ifPresent(c -> out.add(new Script("quorum_up", c, vs.at(), false)));
            vs.quorumDown().ifPresent(c -> out.add(new Script("quorum_down", c, vs.at(), false)));
            for (VirtualServer.RealServer rs : vs.realServers()) {
                rs.notifyUp().ifPresent(c -> out.add(new Script("notify_up", c, rs.at(), false)));
                rs.notifyDown().ifPresent(c -> out.add(new Script("notify_down", c, rs.at(), false)));
                for (Checker c : rs.checkers()) {
                    if (c instanceof MiscCheck m) {
                        out.add(new Script("MISC_CHECK", m.path(), m.at(), false));
                    }
                }
            }
        }
        return out;
    }

    private static void notify(List<Script> out, String owner, NotifyScripts n, SourceLocation at) {
        n.master().ifPresent(c -> out.add(new Script(owner + " notify_master", c, at, false)));
        n.backup().ifPresent(c -> out.add(new Script(owner + " notify_backup", c, at, false)));
        n.fault().ifPresent(c -> out.add(new Script(owner + " notify_fault", c, at, false)));
        n.stop().ifPresent(c -> out.add(new Script(owner + " notify_stop", c, at, false)));
        n.any().ifPresent(c -> out.add(new Script(owner + " notify", c, at, false)));
    }

    /**
     * A command and where it was written. {@code disables} is true for tracked vrrp_scripts: a
     * broken one changes what the instance does, and keepalived -t counts it as an error; a broken
     * notify or checker script is only skipped when it would run (keepalived -t: exit 0).
     */
    private record Script(String owner, String commandLine, SourceLocation at, boolean disables) {
        String program() {
            String trimmed = commandLine.strip();
            int space = trimmed.indexOf(' ');
            return space < 0 ? trimmed : trimmed.substring(0, space);
        }
    }

    private void scripts() {
        List<Script> scripts = allScripts();
        if (scripts.isEmpty()) {
            return;
        }
        GlobalDefs g = config.globalDefs();
        boolean security = g.enableScriptSecurity();
        Script firstExisting = null;
        String user = g.scriptUser().orElse(DEFAULT_SCRIPT_USER);
        boolean userOk = !security || host.userExists(user);
        for (Script s : scripts) {
            if (!userOk) {
                d.error(s.at(), s.owner() + ": script user '" + user + "' does not exist"
                        + (g.scriptUser().isEmpty() ? " (the default when enable_script_security is on; set script_user)" : "")
                        + "; the script is disabled");
                continue;
            }
            Optional<String> resolved = resolve(s.program());
            Optional<List<HostFacts.FileFacts>> facts = resolved.flatMap(host::pathFacts);
            if (facts.isEmpty() || facts.get().isEmpty() || !facts.get().getLast().regular()) {
                d.add(s.disables() ? Severity.ERROR : Severity.NOTICE, s.at(),
                        s.owner() + ": script '" + s.program() + "' not found or not accessible; disabled");
                continue;
            }
            if (firstExisting == null) {
                firstExisting = s;
            }
            HostFacts.FileFacts file = facts.get().getLast();
            Optional<HostFacts.FileFacts> unsafe = facts.get().stream().filter(f -> !f.secure()).findFirst();
            if (unsafe.isPresent()) {
                String what = s.owner() + ": unsafe permissions on '" + unsafe.get().path() + "' for script '" + s.program()
                        + "' (must be owned by root and not writable by group or others)";
                if (security) {
                    d.add(s.disables() ? Severity.ERROR : Severity.NOTICE, s.at(), what + "; disabled");
                } else {
                    d.notice(s.at(), what);
                }
                continue;
            }
            if ((file.mode() & HostFacts.FileFacts.S_IXUSR) == 0) {
                d.notice(s.at(), s.owner() + ": script '" + s.program() + "' is not executable");
            }
        }
        // keepalived 2.2.7 reports this only when some script exists: check_script_secure() sets
        // SC_ISSCRIPT after a successful stat(), and a missing script alone leaves -t at 0 (notify) or 5 (tracked).
        if (!security && firstExisting != null) {
            d.security(firstExisting.at(), "SECURITY VIOLATION - scripts are being executed but script_security not enabled"
                    + " (add enable_script_security and script_user to global_defs)");
        }
    }

    /** A program name with a slash is a path; a bare name is searched for as keepalived does. */
    private Optional<String> resolve(String program) {
        if (program.contains("/")) {
            return program.startsWith("/") ? Optional.of(program) : Optional.empty();
        }
        for (String dir : SCRIPT_PATH) {
            String candidate = dir + "/" + program;
            if (host.pathFacts(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private void passwordFiles() {
        List<MysqlCheck> checks = new ArrayList<>();
        config.vrrpScripts().forEach(s -> s.mysqlCheck().ifPresent(checks::add));
        config.vrrpInstances().forEach(i -> i.mysql().ifPresent(m -> checks.add(m.server())));
        config.virtualServers().forEach(vs -> vs.realServers().forEach(rs -> rs.checkers().forEach(c -> {
            if (c instanceof MysqlCheck m) {
                checks.add(m);
            }
        })));
        for (MysqlCheck c : checks) {
            c.passwordFile().ifPresent(path -> secretFile("password_file", path, c.at()));
        }
    }

    /**
     * A file holding a secret (MYSQL_CHECK password_file, smtp_auth_file, http_token_file): the rule
     * is {@link HostFacts#secretFileProblem}, which the daemon applies again when it reads the file.
     */
    private void secretFile(String keyword, String path, SourceLocation at) {
        host.secretFileProblem(path).ifPresent(why -> d.error(at, keyword + " '" + path + "' " + why));
    }

    /** Tandem's SMTP additions: the credentials file is a secret; a CA file must exist. */
    private void smtp() {
        GlobalDefs g = config.globalDefs();
        g.smtpAuthFile().ifPresent(f -> {
            secretFile("smtp_auth_file", f.path(), f.at());
            if (g.smtpStartTls() != GlobalDefs.StartTls.REQUIRED) {
                d.warning(f.at(), "smtp_auth_file without 'smtp_starttls required': the SMTP password may cross the network"
                        + " in clear text");
            }
        });
        g.httpTokenFile().ifPresent(f -> secretFile("http_token_file", f.path(), f.at()));
        g.smtpTlsCaFile().ifPresent(f -> {
            Optional<List<HostFacts.FileFacts>> facts = f.path().startsWith("/") ? host.pathFacts(f.path()) : Optional.empty();
            if (facts.isEmpty() || facts.get().isEmpty() || !facts.get().getLast().regular()) {
                d.error(f.at(), "smtp_tls_ca_file '" + f.path() + "' not found (it must be an absolute path to a PEM file)");
            }
        });
    }

    private static String show(List<HostFacts.InterfaceAddress> list) {
        if (list.isEmpty()) {
            return "no IPv4 address";
        }
        return String.join(", ", list.stream().map(a -> a.address().getHostAddress() + "/" + a.prefixLength()).toList());
    }
}
