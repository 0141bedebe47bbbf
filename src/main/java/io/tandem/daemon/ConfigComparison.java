package io.tandem.daemon;

import io.tandem.config.KeepalivedConfig;
import io.tandem.config.VrrpInstance;
import io.tandem.config.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which VRRP instances a reload would change; source locations (lines moved by an edit) do not count. */
final class ConfigComparison {
    private ConfigComparison() {}

    static boolean sameInstances(KeepalivedConfig a, KeepalivedConfig b) {
        return changedInstances(a, b).isEmpty() && a.vrrpScripts().stream().map(ConfigComparison::withoutLocations).toList()
                .equals(b.vrrpScripts().stream().map(ConfigComparison::withoutLocations).toList());
    }

    /** Names of instances added, removed or changed, then {@code vrrp_sync_group NAME} for changed groups. */
    static List<String> changedInstances(KeepalivedConfig a, KeepalivedConfig b) {
        Map<String, VrrpInstance> before = a.vrrpInstances().stream().collect(Collectors.toMap(VrrpInstance::name, Function.identity()));
        Map<String, VrrpInstance> after = b.vrrpInstances().stream().collect(Collectors.toMap(VrrpInstance::name, Function.identity()));
        List<String> changed = new ArrayList<>();
        for (String name : before.keySet()) {
            VrrpInstance x = before.get(name);
            VrrpInstance y = after.get(name);
            if (y == null || !Objects.equals(withoutLocations(x), withoutLocations(y))
                    || !x.authentication().map(VrrpInstance.Authentication::password)
                            .equals(y.authentication().map(VrrpInstance.Authentication::password))) {
                changed.add(name);
            }
        }
        after.keySet().stream().filter(n -> !before.containsKey(n)).forEach(changed::add);
        Map<String, String> groupsBefore = groups(a);
        Map<String, String> groupsAfter = groups(b);
        for (String name : union(groupsBefore.keySet(), groupsAfter.keySet())) {
            if (!Objects.equals(groupsBefore.get(name), groupsAfter.get(name))) {
                changed.add("vrrp_sync_group " + name);
            }
        }
        return changed;
    }

    private static Map<String, String> groups(KeepalivedConfig c) {
        return c.vrrpSyncGroups().stream().collect(Collectors.toMap(VrrpSyncGroup::name, ConfigComparison::withoutLocations,
                (x, y) -> x + y));
    }

    private static List<String> union(java.util.Set<String> x, java.util.Set<String> y) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(x);
        all.addAll(y);
        return List.copyOf(all);
    }

    /**
     * A record's text with every {@code at=file:line} removed: records print their locations that
     * way. Secrets print hidden, so callers compare them separately.
     */
    static String withoutLocations(Record r) {
        return r.toString().replaceAll("at=[^,\\]]*", "at=");
    }
}
