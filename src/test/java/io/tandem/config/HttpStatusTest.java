package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tandem's {@code global_defs http_status [ADDR:]PORT}: the HTTP status endpoint, off unless written. */
class HttpStatusTest {
    private static String conf(String line) {
        return "global_defs {\n    router_id db1\n    " + line + "\n}\n";
    }

    @Test
    void offUnlessWritten() {
        ConfigLoader.Result r = Load.text(conf(""));
        assertThat(r.config().globalDefs().httpStatus()).isEmpty();
    }

    @ParameterizedTest(name = "http_status {0}")
    @CsvSource({"9100, 127.0.0.1, 9100", "10.0.0.5:9100, 10.0.0.5, 9100", "0.0.0.0:80, 0.0.0.0, 80"})
    void takesAPortOrAnAddressAndPort(String value, String address, int port) {
        ConfigLoader.Result r = Load.text(conf("http_status " + value));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.config().globalDefs().httpStatus()).get()
                .extracting(GlobalDefs.HttpEndpoint::address, GlobalDefs.HttpEndpoint::port)
                .containsExactly(address, port);
    }

    @ParameterizedTest(name = "http_status {0}")
    @CsvSource({"localhost:9100", "9100x", "1.2.3.4:0", "1.2.3.4:65536", "256.1.1.1:80", "::1:80"})
    void aBadValueIsAnErrorOnItsLineAndTheEndpointStaysOff(String value) {
        ConfigLoader.Result r = Load.text(conf("http_status " + value));
        assertThat(r.config().globalDefs().httpStatus()).isEqualTo(Optional.empty());
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.format()).contains(":3: ").contains("'http_status' needs [ADDR:]PORT").contains(value);
            assertThat(d.severity()).isEqualTo(Severity.ERROR);
        });
    }
}
