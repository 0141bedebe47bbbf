package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.linux.NetNamespace;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watcher inside a lab host: the first state of every name, then each change of "up" as it
 * happens, for an interface that exists at start and for one created and deleted later.
 */
class LinkWatcherIT {
    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    @Test
    void reportsFirstStatesThenChangesOfExistingLateAndDeletedInterfaces() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            List<String> seen = new CopyOnWriteArrayList<>();
            // the watcher's thread is started from the namespace's thread, so it lives in that namespace
            try (NetNamespace ns = NetNamespace.enter(a.namespace());
                 LinkWatcher watcher = ns.call(() -> new LinkWatcher(Set.of("eth0", "late0"), (n, up) -> seen.add(n + " " + up)).start())) {
                VrrpLab.await(() -> seen.size() >= 2, () -> "first states: " + seen);
                assertThat(seen).containsExactly("eth0 true", "late0 false"); // sorted by name, each once

                a.execOrThrow("ip", "link", "add", "late0", "type", "veth", "peer", "name", "late0p");
                a.execOrThrow("ip", "link", "set", "late0p", "up");
                a.execOrThrow("ip", "link", "set", "late0", "up");
                VrrpLab.await(() -> seen.contains("late0 true"), () -> "created interface: " + seen);
                a.linkDown();
                VrrpLab.await(() -> seen.contains("eth0 false"), () -> "eth0 down: " + seen);
                a.execOrThrow("ip", "link", "del", "late0");
                VrrpLab.await(() -> seen.size() >= 5, () -> "deleted interface: " + seen);
                assertThat(seen).containsExactly("eth0 true", "late0 false", "late0 true", "eth0 false", "late0 false");
            }
        }
    }
}
