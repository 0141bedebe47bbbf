package io.tandem.daemon;

import io.tandem.config.KeepalivedConfig;
import io.tandem.config.VrrpInstance;
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

    /** Names of instances added, removed or changed. */
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
        return changed;
    }

    /**
     * A record's text with every {@code at=file:line} removed: records print their locations that
     * way. Secrets print hidden, so callers compare them separately.
     */
    static String withoutLocations(Record r) {
        return r.toString().replaceAll("at=[^,\\]]*", "at=");
    }
}
