package io.tandem.config;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code vrrp_instance NAME { ... }}: one virtual router on one interface. Names follow RFC 5798
 * and keepalived. Defaults are keepalived's: priority 100, advertisement interval 1 s, preempt on,
 * VRRP version from {@code global_defs}.
 */
public record VrrpInstance(
        String name,
        InitialState state,
        String iface,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        boolean preempt,
        Duration preemptDelay,
        Optional<Authentication> authentication,
        List<VirtualAddress> virtualAddresses,
        Optional<Inet4Address> unicastSrcIp,
        List<Inet4Address> unicastPeers,
        List<TrackScript> trackScripts,
        List<TrackInterface> trackInterfaces,
        NotifyScripts notifyScripts,
        boolean smtpAlert,
        Optional<Duration> garpMasterDelay,
        Optional<Integer> garpMasterRepeat,
        Optional<Duration> garpMasterRefresh,
        int version,
        Optional<MysqlFailover> mysql,
        SourceLocation at) {

    public VrrpInstance {
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
    }

    public static final int DEFAULT_PRIORITY = 100;
    public static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);

    /** {@code state MASTER|BACKUP}: only a hint for start-up, as in keepalived. */
    public enum InitialState { MASTER, BACKUP }

    /** {@code authentication { auth_type PASS; auth_pass SECRET }}, VRRPv2 only; at most 8 characters. */
    public record Authentication(String password) {
        @Override
        public String toString() {
            return "Authentication[password=<hidden>]";
        }
    }

    /** One line of {@code virtual_ipaddress}: {@code ADDR[/PREFIX] [dev IF] [label LABEL]}. */
    public record VirtualAddress(Inet4Address address, int prefixLength, Optional<String> dev, Optional<String> label,
                                 SourceLocation at) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength + dev.map(d -> " dev " + d).orElse("")
                    + label.map(l -> " label " + l).orElse("");
        }
    }

    /** A line of {@code track_script}: the script's name and an optional weight overriding the script's own. */
    public record TrackScript(String name, Optional<Integer> weight, boolean reverse, SourceLocation at) {}

    /** A line of {@code track_interface}: link down means FAULT, or with a weight, a priority change. */
    public record TrackInterface(String name, int weight, boolean reverse, SourceLocation at) {}
}
