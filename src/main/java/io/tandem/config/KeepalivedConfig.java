package io.tandem.config;

import java.util.List;
import java.util.Optional;

/** A whole keepalived.conf, read and validated: immutable, typed, every part with its source location. */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        List<VrrpScript> vrrpScripts,
        List<VrrpInstance> vrrpInstances,
        List<VrrpSyncGroup> vrrpSyncGroups,
        List<VirtualServer> virtualServers,
        List<RequiredInterface> requiredInterfaces) {

    public KeepalivedConfig {
        vrrpScripts = List.copyOf(vrrpScripts);
        vrrpInstances = List.copyOf(vrrpInstances);
        vrrpSyncGroups = List.copyOf(vrrpSyncGroups);
        virtualServers = List.copyOf(virtualServers);
        requiredInterfaces = List.copyOf(requiredInterfaces);
    }

    /**
     * An interface that a part Tandem does not implement still needs to exist, because keepalived
     * refuses to run without it ({@code linkbeat_interfaces}, {@code static_ipaddress} on the
     * default interface). Checked so that {@code tandem check} agrees with {@code keepalived -t}.
     */
    public record RequiredInterface(String name, String usedBy, SourceLocation at) {}

    public Optional<VrrpScript> vrrpScript(String name) {
        return vrrpScripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** True when some instance tracks {@code script} after keepalived's sync-group rules ({@link InstanceTracking}). */
    public boolean tracksScript(String script) {
        return vrrpInstances.stream().anyMatch(i -> InstanceTracking.of(this, i).scripts().stream().anyMatch(s -> s.name().equals(script)));
    }

    public Optional<VrrpInstance> vrrpInstance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
