package io.tandem.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives the statement tree its meaning: top-level blocks, {@code global_defs},
 * {@code vrrp_script} and {@code vrrp_sync_group} here; instances and virtual servers in their own
 * readers. Every keyword keepalived documents for the classic MySQL setup is read; others that
 * keepalived knows are accepted with a notice; unknown ones get a warning, as in keepalived.
 */
final class ConfigReader {
    private static final Duration MAX_SECONDS = Duration.ofSeconds(Integer.MAX_VALUE / 1000);
    /** keepalived: UINT_MAX / TIMER_HZ whole seconds for vrrp_garp_master_delay and garp_master_delay. */
    static final int GARP_MAX_DELAY = 4294;

    /** Top-level blocks keepalived knows that Tandem does not implement. */
    private static final Set<String> IGNORED_TOP = Set.of(
            "static_routes", "static_rules", "virtual_server_group",
            "vrrp_track_process", "vrrp_track_file", "track_file", "bfd_instance", "garp_group", "net_namespace",
            "instance", "use_pid_dir");

    private static final Set<String> IGNORED_GLOBAL = Set.of(
            "lvs_id", "lvs_sync_daemon", "lvs_flush", "lvs_flush_on_stop", "lvs_timeouts", "vrrp_skip_check_adv_addr",
            "vrrp_strict", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_iptables", "vrrp_ipsets", "vrrp_mcast_group4",
            "vrrp_mcast_group6", "vrrp_no_swap", "checker_no_swap", "vrrp_priority", "checker_priority", "bfd_priority",
            "vrrp_rt_priority", "checker_rt_priority", "dynamic_interfaces", "vrrp_check_unicast_src",
            "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_garp_lower_prio_delay",
            "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_refresh_repeat_legacy", "enable_traps", "enable_snmp_vrrp",
            "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3", "snmp_socket",
            "enable_dbus", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script",
            "lvs_notify_fifo", "lvs_notify_fifo_script", "process_names", "linkbeat_use_polling", "max_auto_priority",
            "min_auto_priority_delay", "vrrp_startup_delay", "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs",
            "script_user_legacy", "vrrp_min_garp", "random_seed",
            "instance", "uninitialised_vmac_delay", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "vrrp_owner_ignore",
            "nftables", "nftables_priority", "nftables_ifindex", "nftables_counters");

    private final Args args;
    private final List<VrrpScript> scripts = new ArrayList<>();
    private final List<VrrpInstance> instances = new ArrayList<>();
    private final List<VrrpSyncGroup> groups = new ArrayList<>();
    private final List<VirtualServer> virtualServers = new ArrayList<>();
    private final List<KeepalivedConfig.RequiredInterface> requiredInterfaces = new ArrayList<>();
    /** keepalived's DFLT_INTERFACE, changed by {@code default_interface}. */
    private String defaultInterface = "eth0";
    private GlobalDefs globalDefs;

    private ConfigReader(Diagnostics diagnostics) {
        this.args = new Args(diagnostics);
    }

    static KeepalivedConfig read(List<Node> top, Diagnostics diagnostics) {
        ConfigReader r = new ConfigReader(diagnostics);
        // global_defs first: instances take their default VRRP version from it, wherever it stands.
        List<Node> globals = top.stream().filter(n -> n.keyword().equals("global_defs")).toList();
        r.globalDefs = r.globalDefs(globals);
        for (Node n : top) {
            r.top(n);
        }
        return new KeepalivedConfig(r.globalDefs, r.scripts, r.instances, r.groups, r.virtualServers, r.requiredInterfaces);
    }

    private void top(Node n) {
        switch (n.keyword()) {
            case "global_defs" -> { } // read first, see read()
            case "vrrp_script" -> named(n).ifPresent(name -> scripts.add(vrrpScript(n, name)));
            case "vrrp_instance" -> named(n).flatMap(name -> new VrrpInstanceReader(args, globalDefs).read(n, name))
                    .ifPresent(instances::add);
            case "vrrp_sync_group" -> named(n).ifPresent(name -> groups.add(syncGroup(n, name)));
            case "virtual_server" -> new VirtualServerReader(args).read(n).ifPresent(virtualServers::add);
            case "linkbeat_interfaces" -> {
                args.ignored(n, "the top level");
                n.children().forEach(c -> requiredInterfaces.add(new KeepalivedConfig.RequiredInterface(c.keyword(),
                        "linkbeat_interfaces", c.at())));
            }
            case "static_ipaddress" -> {
                args.ignored(n, "the top level");
                n.children().stream().filter(c -> !c.args().contains("dev")).forEach(c -> requiredInterfaces.add(
                        new KeepalivedConfig.RequiredInterface(defaultInterface, "static_ipaddress " + c.keyword()
                                + " without dev (the default_interface)", c.at())));
            }
            default -> {
                if (IGNORED_TOP.contains(n.keyword())) {
                    args.ignored(n, "the top level");
                } else {
                    args.unknown(n, "the top level");
                }
            }
        }
    }

    private Optional<String> named(Node n) {
        if (!args.expectBlock(n)) {
            return Optional.empty();
        }
        if (n.args().size() != 1) {
            args.diagnostics().error(n.at(), "'" + n.keyword() + "' needs exactly one name");
            return Optional.empty();
        }
        return Optional.of(n.arg(0));
    }

    private GlobalDefs globalDefs(List<Node> blocks) {
        Optional<String> routerId = Optional.empty();
        List<String> emails = new ArrayList<>();
        Optional<String> from = Optional.empty();
        Optional<GlobalDefs.SmtpServer> smtp = Optional.empty();
        Duration smtpTimeout = GlobalDefs.DEFAULT_SMTP_CONNECT_TIMEOUT;
        Optional<String> helo = Optional.empty();
        boolean security = false;
        Optional<String> scriptUser = Optional.empty();
        Optional<String> scriptGroup = Optional.empty();
        int version = 2;
        Duration garpDelay = Duration.ofSeconds(5);
        int garpRepeat = 5;
        Duration garpRefresh = Duration.ZERO;
        int garpRefreshRepeat = 1;
        Optional<Boolean> alert = Optional.empty();
        Optional<Boolean> alertVrrp = Optional.empty();
        Optional<Boolean> alertChecker = Optional.empty();
        boolean noEmailFaults = false;
        boolean noCheckerEmails = false;
        boolean logAllFailures = false;
        GlobalDefs.StartTls startTls = GlobalDefs.StartTls.OFF;
        Optional<GlobalDefs.FileSetting> caFile = Optional.empty();
        Optional<GlobalDefs.FileSetting> authFile = Optional.empty();
        Optional<GlobalDefs.HttpEndpoint> http = Optional.empty();
        Optional<GlobalDefs.FileSetting> httpToken = Optional.empty();
        for (Node block : blocks) {
            if (!args.expectBlock(block)) {
                continue;
            }
            for (Node n : block.children()) {
                switch (n.keyword()) {
                    case "router_id" -> routerId = Optional.ofNullable(args.one(n));
                    case "notification_email" -> {
                        if (args.expectBlock(n) && n.children().isEmpty()) {
                            // keepalived 2.2.7: "Warning - empty notification_email block", a config error (exit 5)
                            args.diagnostics().warning(n.at(), "empty notification_email block");
                        }
                        if (n.block()) {
                            n.children().forEach(c -> {
                                emails.add(c.keyword());
                                emails.addAll(c.args());
                            });
                        }
                    }
                    case "notification_email_from" -> from = Optional.ofNullable(args.one(n));
                    case "smtp_server" -> smtp = smtpServer(n);
                    case "smtp_connect_timeout" -> smtpTimeout = orElse(args.seconds(n, Duration.ofSeconds(1), MAX_SECONDS), smtpTimeout);
                    case "smtp_helo_name" -> helo = Optional.ofNullable(args.one(n));
                    case "enable_script_security" -> security = args.flag(n);
                    case "script_user" -> {
                        if (n.args().isEmpty() || n.args().size() > 2) {
                            args.diagnostics().error(n.at(), "'script_user' needs USER [GROUP]");
                        } else {
                            scriptUser = Optional.of(n.arg(0));
                            scriptGroup = Optional.ofNullable(n.arg(1));
                        }
                    }
                    case "vrrp_version" -> version = orElse(args.integer(n, 2, 3), version);
                    case "vrrp_garp_master_delay" -> garpDelay = orElse(args.wholeSeconds(n, GARP_MAX_DELAY), garpDelay);
                    case "vrrp_garp_master_repeat" -> garpRepeat = orElse(args.integer(n, 1, Integer.MAX_VALUE), garpRepeat);
                    case "vrrp_garp_master_refresh" -> garpRefresh = orElse(args.wholeSeconds(n, Integer.MAX_VALUE), garpRefresh);
                    case "vrrp_garp_master_refresh_repeat" -> garpRefreshRepeat = orElse(args.integer(n, 1, Integer.MAX_VALUE), garpRefreshRepeat);
                    case "default_interface" -> {
                        args.ignored(n, "global_defs");
                        defaultInterface = ConfigReader.orElse(args.one(n), defaultInterface);
                    }
                    // keepalived leaves the default unset after a bad value; so do we
                    case "smtp_alert" -> alert = keep(args.optionalFlag(n), alert);
                    case "smtp_alert_vrrp" -> alertVrrp = keep(args.optionalFlag(n), alertVrrp);
                    case "smtp_alert_checker" -> alertChecker = keep(args.optionalFlag(n), alertChecker);
                    case "no_email_faults" -> noEmailFaults = true;
                    case "no_checker_emails" -> noCheckerEmails = true;
                    // keepalived: optional true/false; a bad value is an error that leaves the setting as it was
                    case "checker_log_all_failures" -> logAllFailures = orElse(args.optionalFlag(n), logAllFailures);
                    case "smtp_starttls" -> startTls = orElse(startTls(n), startTls);
                    case "smtp_tls_ca_file" -> caFile = keep(fileSetting(n), caFile);
                    case "smtp_auth_file" -> authFile = keep(fileSetting(n), authFile);
                    case "notification_email_to" -> args.ignored(n, "global_defs");
                    case "http_token_file" -> httpToken = keep(fileSetting(n), httpToken);
                    case "http_status" -> {
                        String v = args.one(n);
                        if (v != null) {
                            GlobalDefs.HttpEndpoint e = GlobalDefs.HttpEndpoint.parse(v, n.at());
                            if (e == null) {
                                args.diagnostics().error(n.at(), "'http_status' needs [ADDR:]PORT with ADDR an IPv4 address, not '"
                                        + v + "'; the HTTP endpoint stays off");
                            } else {
                                http = Optional.of(e);
                            }
                        }
                    }
                    default -> {
                        if (IGNORED_GLOBAL.contains(n.keyword())) {
                            args.ignored(n, "global_defs");
                        } else {
                            args.unknown(n, "global_defs");
                        }
                    }
                }
            }
        }
        return new GlobalDefs(routerId, emails, from, smtp, smtpTimeout, helo, security, scriptUser, scriptGroup, version,
                garpDelay, garpRepeat, garpRefresh, garpRefreshRepeat, alert, alertVrrp, alertChecker, noEmailFaults,
                startTls, caFile, authFile, noCheckerEmails, http, httpToken, logAllFailures);
    }

    /** The new value, or the previous one when the new one was bad (already reported). */
    private static <T> Optional<T> keep(T value, Optional<T> previous) {
        return value != null ? Optional.of(value) : previous;
    }

    private GlobalDefs.FileSetting fileSetting(Node n) {
        String path = args.one(n);
        return path == null ? null : new GlobalDefs.FileSetting(path, n.at());
    }

    /** {@code smtp_starttls [required|optional|off]}: alone it means required. */
    private GlobalDefs.StartTls startTls(Node n) {
        if (n.args().isEmpty()) {
            return GlobalDefs.StartTls.REQUIRED;
        }
        return switch (n.arg(0)) {
            case "required" -> GlobalDefs.StartTls.REQUIRED;
            case "optional" -> GlobalDefs.StartTls.OPTIONAL;
            case "off" -> GlobalDefs.StartTls.OFF;
            default -> {
                args.diagnostics().error(n.at(), "'smtp_starttls': expected required, optional or off, got '" + n.arg(0) + "'");
                yield null;
            }
        };
    }

    private Optional<GlobalDefs.SmtpServer> smtpServer(Node n) {
        if (n.args().isEmpty() || n.args().size() > 2) {
            args.diagnostics().error(n.at(), "'smtp_server' needs ADDRESS [PORT]");
            return Optional.empty();
        }
        int port = GlobalDefs.SmtpServer.DEFAULT_PORT;
        if (n.args().size() == 2) {
            Integer p = args.port(n.arg(1), n);
            if (p == null) {
                return Optional.empty();
            }
            port = p;
        }
        return Optional.of(new GlobalDefs.SmtpServer(n.arg(0), port));
    }

    private VrrpScript vrrpScript(Node block, String name) {
        Optional<String> script = Optional.empty();
        Optional<MysqlCheck> mysql = Optional.empty();
        Optional<VirtualServer.Endpoint> virtualServer = Optional.empty();
        Duration interval = null;
        Duration timeout = null;
        int weight = 0;
        boolean reverse = false;
        int rise = 1;
        int fall = 1;
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        boolean initFail = false;
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "script" -> script = Optional.ofNullable(args.rest(n));
                case "MYSQL_CHECK" -> mysql = new MysqlCheckReader(args).read(n, Optional.empty(), Optional.empty());
                case "check_virtual_server" -> virtualServer = args.endpoint(n);
                case "interval" -> interval = orElse(args.seconds(n, Duration.ofMillis(1), MAX_SECONDS), interval);  // null: default below
                case "timeout" -> timeout = orElse(args.seconds(n, Duration.ofMillis(1), MAX_SECONDS), timeout);
                case "weight" -> {
                    if (n.args().isEmpty() || n.args().size() > 2
                            || (n.args().size() == 2 && !n.arg(1).equals("reverse"))) {
                        args.diagnostics().error(n.at(), "'weight' needs a number in [-253, 253], optionally followed by 'reverse'");
                    } else {
                        Integer w = args.integer(n.arg(0), n, -253, 253);
                        weight = w == null ? weight : w;
                        reverse = n.args().size() == 2;
                    }
                }
                case "rise" -> rise = orElse(args.integer(n, 1, Integer.MAX_VALUE), rise);
                case "fall" -> fall = orElse(args.integer(n, 1, Integer.MAX_VALUE), fall);
                case "user" -> {
                    if (n.args().isEmpty() || n.args().size() > 2) {
                        args.diagnostics().error(n.at(), "'user' needs USER [GROUP]");
                    } else {
                        user = Optional.of(n.arg(0));
                        group = Optional.ofNullable(n.arg(1));
                    }
                }
                case "init_fail" -> initFail = args.flag(n);
                default -> args.unknown(n, "vrrp_script " + name);
            }
        }
        int kinds = (script.isPresent() ? 1 : 0) + (mysql.isPresent() ? 1 : 0) + (virtualServer.isPresent() ? 1 : 0);
        if (kinds == 0) {
            args.diagnostics().error(block.at(), "vrrp_script " + name
                    + " has neither 'script' nor 'MYSQL_CHECK' nor 'check_virtual_server'; it is ignored");
        } else if (kinds > 1) {
            String used = mysql.isPresent() ? "MYSQL_CHECK" : "check_virtual_server";
            args.diagnostics().error(block.at(), "vrrp_script " + name + " has more than one of 'script', 'MYSQL_CHECK' and "
                    + "'check_virtual_server'; " + used + " is used");
            script = Optional.empty();
            if (mysql.isPresent()) {
                virtualServer = Optional.empty();
            }
        }
        if (interval == null) {
            interval = mysql.isPresent() ? VrrpScript.MYSQL_CHECK_DEFAULT_INTERVAL : VrrpScript.DEFAULT_INTERVAL;
        }
        return new VrrpScript(name, script, mysql, virtualServer, interval, timeout == null ? interval : timeout, weight, reverse, rise,
                fall, user, group, initFail, block.at());
    }

    private VrrpSyncGroup syncGroup(Node block, String name) {
        List<String> members = new ArrayList<>();
        NotifyScripts.Builder notify = new NotifyScripts.Builder();
        Boolean smtpAlert = null;
        List<VrrpInstance.TrackScript> trackScripts = new ArrayList<>();
        List<VrrpInstance.TrackInterface> trackInterfaces = new ArrayList<>();
        boolean trackingWeight = false;
        VrrpInstanceReader tracking = new VrrpInstanceReader(args, globalDefs);
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "group" -> {
                    if (args.expectBlock(n)) {
                        n.children().forEach(c -> {
                            members.add(c.keyword());
                            members.addAll(c.args());
                        });
                    }
                }
                case "smtp_alert" -> smtpAlert = orElse(args.optionalFlag(n), smtpAlert);
                case "track_script" -> trackScripts.addAll(tracking.trackScripts(n));
                case "track_interface" -> trackInterfaces.addAll(tracking.trackInterfaces(n));
                case "sync_group_tracking_weight" -> trackingWeight = true;
                case "global_tracking" -> {
                    // keepalived 2.2.7: a config error that still sets sgroup_tracking_weight
                    args.diagnostics().error(n.at(), "(" + name + ") global_tracking is deprecated. Use track_interface/script/file"
                            + " on the sync group");
                    trackingWeight = true;
                }
                case "track_file", "track_process", "track_bfd" -> args.ignored(n, "vrrp_sync_group " + name);
                default -> {
                    if (!notify.accept(n, args)) {
                        args.unknown(n, "vrrp_sync_group " + name);
                    }
                }
            }
        }
        if (members.isEmpty()) {
            args.diagnostics().error(block.at(), "vrrp_sync_group " + name + " has no 'group { ... }' of instances");
        }
        return new VrrpSyncGroup(name, members, notify.build(), smtpAlert != null ? smtpAlert : globalDefs.vrrpAlertDefault(),
                trackScripts, trackInterfaces, trackingWeight, block.at());
    }

    static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
