package io.tandem.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one {@code vrrp_instance} block. Ranges are RFC 5798's and keepalived's. */
final class VrrpInstanceReader {
    private static final Set<String> IGNORED = Set.of(
            "dont_track_primary", "mcast_src_ip", "lvs_sync_daemon_interface", "native_ipv6", "virtual_routes",
            "virtual_rules", "virtual_ipaddress_excluded", "accept", "no_accept", "strict_mode", "garp_master_refresh_repeat",
            "garp_lower_prio_delay", "garp_lower_prio_repeat", "lower_prio_no_advert", "higher_prio_send_advert",
            "debug", "skip_check_adv_addr", "check_unicast_src", "use_vmac", "vmac_xmit_base", "track_file",
            "track_process", "track_bfd", "notify_master_rx_lower_pri", "notify_deleted", "kernel_rx_buf_size",
            "unicast_ttl", "old_unicast_checksum", "linkbeat_use_polling", "unicast_fault_no_peer", "version_compat",
            "promote_secondaries", "mcast_dst_ip");

    private final Args args;
    private final GlobalDefs globalDefs;

    VrrpInstanceReader(Args args, GlobalDefs globalDefs) {
        this.args = args;
        this.globalDefs = globalDefs;
    }

    /** The instance, or empty when it lacks what it cannot run without (interface, router id). */
    Optional<VrrpInstance> read(Node block, String name) {
        String where = "vrrp_instance " + name;
        Diagnostics d = args.diagnostics();
        VrrpInstance.InitialState state = VrrpInstance.InitialState.BACKUP;
        String iface = null;
        Integer vrid = null;
        int priority = VrrpInstance.DEFAULT_PRIORITY;
        boolean stateSet = false;
        boolean prioritySet = false;
        Duration advertInt = VrrpInstance.DEFAULT_ADVERT_INTERVAL;
        Node advertNode = null;
        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        Optional<VrrpInstance.Authentication> auth = Optional.empty();
        List<VrrpInstance.VirtualAddress> vips = new ArrayList<>();
        Optional<Inet4Address> unicastSrc = Optional.empty();
        List<Inet4Address> peers = new ArrayList<>();
        List<VrrpInstance.TrackScript> trackScripts = new ArrayList<>();
        List<VrrpInstance.TrackInterface> trackInterfaces = new ArrayList<>();
        NotifyScripts.Builder notify = new NotifyScripts.Builder();
        Boolean smtpAlert = null; // unset: global_defs smtp_alert_vrrp, then smtp_alert, then off (keepalived)
        Optional<Duration> garpDelay = Optional.empty();
        Optional<Integer> garpRepeat = Optional.empty();
        Optional<Duration> garpRefresh = Optional.empty();
        int version = globalDefs.vrrpVersion();
        Optional<MysqlFailover> mysql = Optional.empty();

        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "state" -> {
                    stateSet = true;
                    String s = args.one(n);
                    if (s != null) {
                        switch (s) { // keepalived compares case-sensitively: 'master' is unknown there
                            case "MASTER" -> state = VrrpInstance.InitialState.MASTER;
                            case "BACKUP" -> state = VrrpInstance.InitialState.BACKUP;
                            default -> d.error(n.at(), "(" + name + ") unknown state '" + s + "', using BACKUP");
                        }
                    }
                }
                case "interface" -> iface = args.one(n);
                case "virtual_router_id" -> vrid = args.integer(n, 1, 255);
                case "priority" -> {
                    prioritySet = true;
                    Integer p = args.integer(n, 1, 255);
                    if (p == null) {
                        d.error(n.at(), "(" + name + ") priority must be in [1, 255]; using " + VrrpInstance.DEFAULT_PRIORITY);
                    } else {
                        priority = p;
                    }
                }
                case "advert_int" -> {
                    // RFC 5798 §5.2.7: 12 bits of centiseconds, so at most 40.95 s; RFC 3768: 8 bits of seconds.
                    Duration a = args.seconds(n, Duration.ofMillis(10), Duration.ofSeconds(255));
                    if (a != null) {
                        advertInt = a;
                        advertNode = n;
                    }
                }
                case "nopreempt" -> preempt = false;
                case "preempt" -> preempt = args.flag(n);
                case "preempt_delay" -> preemptDelay = ConfigReader.orElse(args.seconds(n, Duration.ZERO, Duration.ofSeconds(1000)), preemptDelay);
                case "authentication" -> auth = authentication(n, name);
                case "virtual_ipaddress" -> {
                    if (args.expectBlock(n)) {
                        n.children().forEach(c -> virtualAddress(c).ifPresent(vips::add));
                    }
                }
                case "unicast_src_ip" -> {
                    String v = args.one(n);
                    unicastSrc = v == null ? unicastSrc : Optional.ofNullable(args.ipv4(v, n));
                }
                case "unicast_peer" -> {
                    if (args.expectBlock(n)) {
                        for (Node c : n.children()) {
                            // keepalived allows "ADDR min_ttl N max_ttl N"; the TTL bounds are not implemented.
                            if (!c.args().isEmpty()) {
                                args.diagnostics().notice(c.at(), "unicast_peer options '" + String.join(" ", c.args())
                                        + "' are not implemented by tandem; ignored");
                            }
                            Inet4Address a = args.ipv4(c.keyword(), c);
                            if (a != null) {
                                peers.add(a);
                            }
                        }
                    }
                }
                case "track_script" -> trackScripts.addAll(trackScripts(n));
                case "track_interface" -> trackInterfaces.addAll(trackInterfaces(n));
                case "smtp_alert" -> smtpAlert = ConfigReader.orElse(args.optionalFlag(n), smtpAlert);
                case "garp_master_delay" -> garpDelay = Optional.ofNullable(args.wholeSeconds(n, ConfigReader.GARP_MAX_DELAY));
                case "garp_master_repeat" -> garpRepeat = Optional.ofNullable(args.integer(n, 1, Integer.MAX_VALUE));
                case "garp_master_refresh" -> garpRefresh = Optional.ofNullable(args.wholeSeconds(n, Integer.MAX_VALUE));
                case "version" -> version = ConfigReader.orElse(args.integer(n, 2, 3), version);
                case "mysql" -> mysql = new MysqlCheckReader(args).failover(n);
                default -> {
                    if (notify.accept(n, args)) {
                        break;
                    }
                    if (IGNORED.contains(n.keyword())) {
                        args.ignored(n, where);
                    } else {
                        args.unknown(n, where);
                    }
                }
            }
        }
        if (iface == null) {
            d.error(block.at(), "(" + name + ") has no 'interface'; instance ignored");
        }
        if (vrid == null) {
            d.error(block.at(), "(" + name + ") the virtual router id must be set (virtual_router_id 1-255); instance ignored");
        }
        if (iface == null || vrid == null) {
            return Optional.empty();
        }
        if (vips.isEmpty()) {
            d.error(block.at(), "(" + name + ") no virtual_ipaddress; at least one is needed");
        }
        if (version == 2 && advertNode != null && advertInt.toMillis() % 1000 != 0) {
            // RFC 3768 §5.3.7: the interval is whole seconds. keepalived rounds it the same way.
            Duration rounded = Duration.ofSeconds(Math.max(1, Math.round(advertInt.toMillis() / 1000.0)));
            d.error(advertNode.at(), "(" + name + ") VRRPv2 advertises whole seconds; advert_int " + Args.show(advertInt)
                    + " rounded to " + rounded.toSeconds());
            advertInt = rounded;
        }
        if (version == 3 && advertInt.toMillis() > 40_950) {
            d.error(advertNode != null ? advertNode.at() : block.at(),
                    "(" + name + ") VRRPv3 advert_int is at most 40.95 s; using 40.95");
            advertInt = Duration.ofMillis(40_950);
        }
        if (auth.isPresent() && version == 3) {
            d.error(block.at(), "(" + name + ") VRRPv3 has no authentication (RFC 5798 §9); authentication ignored");
            auth = Optional.empty();
        }
        // keepalived's vrrp_complete_instance(): an unset priority follows the state (MASTER is the address
        // owner), an unset state follows the priority; MASTER and 255 cancel nopreempt and preempt_delay.
        if (!prioritySet && state == VrrpInstance.InitialState.MASTER) {
            priority = 255;
        }
        if (!stateSet && priority == 255) {
            state = VrrpInstance.InitialState.MASTER;
        }
        if (priority == 255 && !preempt) {
            d.error(block.at(), "(" + name + ") nopreempt is incompatible with priority 255; resetting nopreempt");
            preempt = true;
        }
        if (state == VrrpInstance.InitialState.MASTER && !preempt) {
            d.error(block.at(), "(" + name + ") nopreempt will not work with initial state MASTER; clearing it");
            preempt = true;
        }
        if (state == VrrpInstance.InitialState.MASTER && !preemptDelay.isZero()) {
            d.error(block.at(), "(" + name + ") preempt_delay will not work with initial state MASTER; clearing it");
            preemptDelay = Duration.ZERO;
        }
        if (!preempt && !preemptDelay.isZero()) {
            d.error(block.at(), "(" + name + ") preempt_delay is incompatible with nopreempt; resetting it");
            preemptDelay = Duration.ZERO;
        }
        if (unicastSrc.isPresent() && peers.isEmpty()) {
            d.error(block.at(), "(" + name + ") unicast_src_ip without unicast_peer: keepalived then uses multicast"
                    + " (a deprecated usage it reports as an error)");
        }
        String ownInterface = iface;
        List<VrrpInstance.TrackInterface> own = trackInterfaces.stream().filter(t -> t.name().equals(ownInterface)).toList();
        for (VrrpInstance.TrackInterface t : own) {
            d.error(t.at(), "(" + name + ") track_interface " + t.name() + " is the instance's own interface; ignored, as keepalived does");
        }
        trackInterfaces.removeAll(own);
        if (!unicastSrc.isPresent() && !peers.isEmpty()) {
            d.notice(block.at(), "(" + name + ") unicast_peer without unicast_src_ip: the source is the primary address of "
                    + iface + " at start-up; set unicast_src_ip so the peers' configuration cannot silently stop matching");
        }
        return Optional.of(new VrrpInstance(name, state, iface, vrid, priority, advertInt, preempt, preemptDelay, auth, vips,
                unicastSrc, peers, trackScripts, trackInterfaces, notify.build(),
                smtpAlert != null ? smtpAlert : globalDefs.vrrpAlertDefault(), garpDelay, garpRepeat,
                garpRefresh, version, mysql, block.at()));
    }

    private Optional<VrrpInstance.Authentication> authentication(Node block, String name) {
        if (!args.expectBlock(block)) {
            return Optional.empty();
        }
        String type = null;
        String pass = null;
        for (Node n : block.children()) {
            switch (n.keyword()) {
                case "auth_type" -> type = args.one(n);
                case "auth_pass" -> {
                    pass = args.secret(n);
                    if (pass != null && pass.length() > 8) {
                        args.diagnostics().warning(n.at(), "(" + name + ") auth_pass is longer than 8 characters; truncated to 8, as keepalived does");
                        pass = pass.substring(0, 8);
                    }
                }
                default -> args.unknown(n, "authentication");
            }
        }
        if (type == null || !type.equalsIgnoreCase("PASS")) {
            args.diagnostics().error(block.at(), "(" + name + ") auth_type " + (type == null ? "missing" : "'" + type + "'")
                    + ": only PASS is supported (AH is deprecated by RFC 5798); authentication ignored");
            return Optional.empty();
        }
        if (pass == null) {
            args.diagnostics().error(block.at(), "(" + name + ") auth_type PASS without auth_pass; authentication ignored");
            return Optional.empty();
        }
        return Optional.of(new VrrpInstance.Authentication(pass));
    }

    /** {@code ADDR[/PREFIX] [dev IF] [label L] [brd X] [scope S] ...}: the statement keyword is the address. */
    private Optional<VrrpInstance.VirtualAddress> virtualAddress(Node n) {
        String text = n.keyword();
        int prefix = 32;
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (slash >= 0) {
            Integer p = args.integer(text.substring(slash + 1), n, 0, 32);
            if (p == null) {
                return Optional.empty();
            }
            prefix = p;
        }
        Inet4Address a = Args.parseIpv4(addr);
        if (a == null) {
            args.diagnostics().error(n.at(), addr.contains(":")
                    ? "IPv6 virtual address '" + text + "' is not supported by tandem yet; skipped"
                    : "invalid virtual address '" + text + "'; skipped");
            return Optional.empty();
        }
        Optional<String> dev = Optional.empty();
        Optional<String> label = Optional.empty();
        List<String> rest = n.args();
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            if (i + 1 >= rest.size()) {
                args.diagnostics().error(n.at(), "virtual address option '" + option + "' is missing its value");
                break;
            }
            String value = rest.get(++i);
            switch (option) {
                case "dev" -> dev = Optional.of(value);
                case "label" -> {
                    if (value.length() > 15) { // IFNAMSIZ - 1; keepalived removes the address
                        args.diagnostics().error(n.at(), "virtual address label '" + value + "' is longer than 15 characters;"
                                + " address skipped, as keepalived does");
                        return Optional.empty();
                    }
                    label = Optional.of(value);
                }
                case "brd", "broadcast", "scope", "preferred_lft", "valid_lft" ->
                        args.diagnostics().notice(n.at(), "virtual address option '" + option + "' is not implemented by tandem; ignored");
                default -> args.diagnostics().warning(n.at(), "unknown virtual address option '" + option + "'; ignored");
            }
        }
        return Optional.of(new VrrpInstance.VirtualAddress(a, prefix, dev, label, n.at()));
    }

    /** The entries of a {@code track_script} block, of an instance or a sync group. */
    List<VrrpInstance.TrackScript> trackScripts(Node block) {
        List<VrrpInstance.TrackScript> out = new ArrayList<>();
        if (args.expectBlock(block)) {
            block.children().forEach(c -> trackScript(c).ifPresent(out::add));
        }
        return out;
    }

    /** The entries of a {@code track_interface} block, of an instance or a sync group. */
    List<VrrpInstance.TrackInterface> trackInterfaces(Node block) {
        List<VrrpInstance.TrackInterface> out = new ArrayList<>();
        if (args.expectBlock(block)) {
            block.children().forEach(c -> trackInterface(c).ifPresent(out::add));
        }
        return out;
    }

    private Optional<VrrpInstance.TrackScript> trackScript(Node n) {
        return weightClause(n, "track_script entry is NAME [weight W [reverse]]", 253)
                .map(w -> new VrrpInstance.TrackScript(n.keyword(), w.weight(), w.reverse(), n.at()));
    }

    private Optional<VrrpInstance.TrackInterface> trackInterface(Node n) {
        return weightClause(n, "track_interface entry is IFNAME [weight W [reverse]]", 254).map(w -> {
            int weight = w.weight().orElse(0);
            if (Math.abs(weight) == 254) {
                args.diagnostics().error(n.at(), "track_interface " + n.keyword()
                        + ": weight cannot be +/-254; using +/-253, as keepalived does");
                weight = weight > 0 ? 253 : -253;
            }
            return new VrrpInstance.TrackInterface(n.keyword(), weight, w.reverse(), n.at());
        });
    }

    private record WeightClause(Optional<Integer> weight, boolean reverse) {}

    /** The optional {@code weight W [reverse]} after a tracked name; empty (reported) when malformed. */
    private Optional<WeightClause> weightClause(Node n, String usage, int limit) {
        List<String> rest = n.args();
        if (rest.isEmpty()) {
            return Optional.of(new WeightClause(Optional.empty(), false));
        }
        if (!rest.getFirst().equals("weight") || rest.size() < 2 || rest.size() > 3
                || (rest.size() == 3 && !rest.get(2).equals("reverse"))) {
            args.diagnostics().error(n.at(), usage);
            return Optional.empty();
        }
        return Optional.ofNullable(args.integer(rest.get(1), n, -limit, limit))
                .map(w -> new WeightClause(Optional.of(w), rest.size() == 3));
    }
}
