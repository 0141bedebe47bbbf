package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dedicated thread inside a lab host's namespace, and sockets opened there used from elsewhere. */
class NetNamespaceIT {
    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    @Test
    void theThreadIsInTheNamespaceAndTheCallerStaysWhereItWas() throws Exception {
        String before = threadNamespace();
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            String expected = "net:[" + Files.getAttribute(Path.of("/run/netns", a.namespace()), "unix:ino") + "]";
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                assertThat(ns.name()).isEqualTo(a.namespace());
                assertThat(ns.call(NetNamespaceIT::threadNamespace)).isEqualTo(expected);
                assertThat(threadNamespace()).isEqualTo(before).isNotEqualTo(expected);

                // a thread started for the namespace is born there
                CompletableFuture<String> seen = new CompletableFuture<>();
                Thread reader = ns.startThread("reader", () -> {
                    try {
                        seen.complete(threadNamespace());
                    } catch (IOException e) {
                        seen.completeExceptionally(e);
                    }
                });
                assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
                reader.join();

                // the kernel sees the host's interfaces from that thread only
                int eth0 = ns.call(() -> LibC.ifNameToIndex("eth0"));
                assertThat(eth0).isGreaterThan(1);
                try (Rtnetlink netlink = ns.call(Rtnetlink::open)) {
                    assertThat(netlink.link("eth0").macString()).isEqualTo(a.macAddress()); // used from this thread
                }
            }
        }
    }

    @Test
    void exceptionsArriveAsThrownAndAClosedNamespaceRefusesWork() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            NetNamespace ns = NetNamespace.enter(a.namespace());
            try {
                assertThatThrownBy(() -> ns.call(() -> LibC.ifNameToIndex("nosuch0")))
                        .isInstanceOf(NativeCallException.class).hasMessageContaining("ENODEV");
                assertThatThrownBy(() -> ns.call(() -> {
                    throw new IOException("checked");
                })).isInstanceOf(IOException.class).hasMessage("checked");
                assertThat(ns.call(() -> ns.call(() -> 42))).isEqualTo(42); // reentrant
            } finally {
                ns.close();
            }
            ns.close();
            assertThatThrownBy(() -> ns.call(() -> 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aMissingNamespaceIsAClearError() {
        assertThatThrownBy(() -> NetNamespace.enter("tdm-nosuch-namespace"))
                .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"))
                .hasMessageStartingWith("open of network namespace /run/netns/tdm-nosuch-namespace failed: ENOENT");
        assertThatThrownBy(() -> NetNamespace.enter("../etc")).isInstanceOf(IllegalArgumentException.class);
        // a file that is not a namespace: open works, setns refuses
        assertThatThrownBy(() -> NetNamespace.enter(Path.of("/proc/self/status")))
                .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("EINVAL"))
                .hasMessageContaining("setns");
    }

    private static String threadNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }
}
