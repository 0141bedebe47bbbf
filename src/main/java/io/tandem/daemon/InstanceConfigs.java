package io.tandem.daemon;

import io.tandem.config.GlobalDefs;
import io.tandem.config.KeepalivedConfig;
import io.tandem.config.MysqlFailover;
import io.tandem.config.VrrpInstance;
import io.tandem.config.VrrpSyncGroup;
import io.tandem.vrrp.Auth;
import io.tandem.vrrp.Expectation;
import io.tandem.vrrp.GarpSettings;
import io.tandem.vrrp.InitialState;
import io.tandem.vrrp.InstanceSettings;
import io.tandem.vrrp.ProtocolVersion;
import java.net.Inet4Address;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@code vrrp_instance}'s configuration maps onto the VRRP engine's parts, as pure
 * functions: its identity across reloads, the socket it shares, what its adverts must look like,
 * its state machine's settings, and the sync groups' members.
 */
final class InstanceConfigs {
    private InstanceConfigs() {
    }

    /** keepalived's {@code vrrp_exist}: the same instance across a reload has the same interface, VRID and delivery. */
    static String key(VrrpInstance i) {
        return i.iface() + "/" + i.virtualRouterId() + "/"
                + (i.unicastPeers().isEmpty() ? "multicast" : "unicast " + i.unicastSrcIp().map(Inet4Address::getHostAddress).orElse(""));
    }

    /** The socket an instance uses, shared by every instance on the same interface and delivery. */
    static String channelKey(VrrpInstance i) {
        return i.iface() + "/" + (i.unicastPeers().isEmpty() ? "multicast" : "unicast");
    }

    /** What an advert for this instance must carry to be accepted (RFC 3768/5798 §7.1 checks). */
    static Expectation expectation(VrrpInstance i) {
        List<Inet4Address> vips = i.virtualAddresses().stream().map(VrrpInstance.VirtualAddress::address).toList();
        Expectation e = i.version() == 2
                ? Expectation.v2(i.virtualRouterId(), i.authentication().<Auth>map(a -> Auth.password(a.password())).orElse(Auth.NONE),
                        i.advertInterval(), vips)
                : Expectation.v3(i.virtualRouterId(), i.advertInterval(), vips);
        return i.unicastPeers().isEmpty() ? e : e.withDelivery(Expectation.Delivery.UNICAST);
    }

    /**
     * Each sync group's members as keepalived 2.2.7 keeps them ({@code vrrp_sync_set_group}): an
     * instance that does not exist or is already in an earlier group is left out (the validator
     * reports both); a group left with no member is dropped.
     */
    static Map<String, List<String>> syncGroupMembers(KeepalivedConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            List<String> names = g.group().stream()
                    .filter(n -> config.vrrpInstance(n).isPresent())
                    .filter(taken::add)
                    .toList();
            if (!names.isEmpty()) {
                out.put(g.name(), names);
            }
        }
        return out;
    }

    /** The state machine's settings of instance {@code i}, advertising from {@code source}. */
    static InstanceSettings settings(VrrpInstance i, Inet4Address source, GlobalDefs g) {
        GarpSettings garpSettings = new GarpSettings(i.garpMasterRepeat().orElse(g.vrrpGarpMasterRepeat()),
                i.garpMasterDelay().orElse(g.vrrpGarpMasterDelay()), i.garpMasterRefresh().orElse(g.vrrpGarpMasterRefresh()),
                g.vrrpGarpMasterRefreshRepeat());
        return new InstanceSettings(i.version() == 2 ? ProtocolVersion.V2 : ProtocolVersion.V3,
                i.priority(), i.advertInterval(), i.preempt(), i.preemptDelay(),
                i.state() == VrrpInstance.InitialState.MASTER ? InitialState.MASTER : InitialState.BACKUP, source, garpSettings,
                soleBackup(i));
    }

    /**
     * A router is the only backup of its master when it talks unicast to exactly one peer, or when
     * its {@code mysql {}} block names the other master: a pair, by configuration.
     */
    static boolean soleBackup(VrrpInstance i) {
        return i.unicastPeers().size() == 1 || i.mysql().flatMap(MysqlFailover::peer).isPresent();
    }
}
