package io.tandem.config;

import java.util.List;
import java.util.Optional;

/** A whole keepalived.conf, read and validated: immutable, typed, every part with its source location. */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        List<VrrpScript> vrrpScripts,
        List<VrrpInstance> vrrpInstances,
        List<VrrpSyncGroup> vrrpSyncGroups,
        List<VirtualServer> virtualServers) {

    public KeepalivedConfig {
        vrrpScripts = List.copyOf(vrrpScripts);
        vrrpInstances = List.copyOf(vrrpInstances);
        vrrpSyncGroups = List.copyOf(vrrpSyncGroups);
        virtualServers = List.copyOf(virtualServers);
    }

    public Optional<VrrpScript> vrrpScript(String name) {
        return vrrpScripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<VrrpInstance> vrrpInstance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
