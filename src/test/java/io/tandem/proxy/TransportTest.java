package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport the property asks for, and the warning when another one is used. */
class TransportTest {
    @AfterEach
    void clear() {
        System.clearProperty(Transport.PROPERTY);
    }

    @Test
    void withoutThePropertyEpollIsUsedAndNothingIsSaid() {
        Transport t = Transport.best();
        assertThat(t.name()).isEqualTo("epoll"); // the build and CI run on Linux x86_64, where it loads
        assertThat(Transport.shortfall(t)).isEmpty();
    }

    @Test
    void aTransportThatLoadsIsUsedAsAskedFor() {
        for (String name : new String[] {"nio", "io_uring", "epoll"}) {
            System.setProperty(Transport.PROPERTY, name);
            Transport t = Transport.best();
            assertThat(t.name()).isEqualTo(name);
            assertThat(Transport.shortfall(t)).isEmpty();
        }
    }

    @Test
    void aMisspelledTransportFallsBackToEpollAndSaysSo() {
        System.setProperty(Transport.PROPERTY, "iouring");
        Transport t = Transport.best();
        assertThat(t.name()).isEqualTo("epoll");
        assertThat(Transport.shortfall(t)).hasValue(
                "unknown transport 'iouring' in -Dtandem.proxy.transport (epoll, io_uring, nio); using epoll");
    }

    @Test
    void nioInsteadOfEpollSaysItHasNoFreeBind() {
        assertThat(Transport.shortfall(Transport.nio())).hasValueSatisfying(why -> assertThat(why)
                .startsWith("native epoll unavailable (").endsWith("; using nio, without free bind"));
    }
}
