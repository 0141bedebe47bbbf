package io.tandem.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.config.HostFacts;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalHostFactsTest {
    private final LocalHostFacts host = new LocalHostFacts();

    /** A link Java's NetworkInterface does not list: one without any address (a DOWN dummy, an ifb, a bond slave). */
    private static Optional<String> linkWithoutAddress() throws IOException {
        Path sys = Path.of("/sys/class/net");
        if (!Files.isDirectory(sys)) {
            return Optional.empty();
        }
        try (Stream<Path> links = Files.list(sys)) {
            return links.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(name -> {
                try {
                    return NetworkInterface.getByName(name) == null;
                } catch (SocketException e) {
                    return false;
                }
            }).sorted().findFirst();
        }
    }

    /** keepalived accepts e.g. 'track_interface ifb0' or a VIP 'dev ifb0' for a link with no address. */
    @Test
    void aLinkWithoutAddressesExists() throws IOException {
        Optional<String> link = linkWithoutAddress();
        assumeTrue(link.isPresent(), "this host has no link without an address");
        assertThat(host.interfaceAddresses(link.get())).contains(List.<HostFacts.InterfaceAddress>of());
    }

    @Test
    void namesThatAreNoLinkDoNotExist() {
        for (String name : new String[] {"no-such-if0", "", ".", "..", "../..", "lo/..", "a\0b", "bonding_masters"}) {
            assertThat(host.interfaceAddresses(name)).as("'%s'", name).isEmpty();
        }
    }

    @Test
    void loopbackHasItsAddress() {
        assertThat(host.interfaceAddresses("lo")).hasValueSatisfying(list ->
                assertThat(list).anySatisfy(a -> assertThat(a.address().getHostAddress()).isEqualTo("127.0.0.1")));
    }

    @Test
    void pathWithNulIsNotFound() {
        assertThat(host.pathFacts("/etc/x\0y")).isEmpty();
    }

    @Test
    void secretsMayBelongToRootAndToTheUserTandemRunsAs() throws IOException {
        int mine = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertThat(host.secretOwners()).contains(0, mine);
    }
}
