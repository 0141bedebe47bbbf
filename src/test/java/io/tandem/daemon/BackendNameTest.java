package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What {@code tandem drain BACKEND} accepts as BACKEND. */
class BackendNameTest {
    @Test
    void addressWithPortOrAlone() {
        assertThat(BackendName.parse("10.0.0.3:3306")).isEqualTo(new BackendName("10.0.0.3", OptionalInt.of(3306)));
        assertThat(BackendName.parse("10.0.0.3")).isEqualTo(new BackendName("10.0.0.3", OptionalInt.empty()));
        assertThat(BackendName.parse("[fd00::3]:3306")).isEqualTo(new BackendName("fd00::3", OptionalInt.of(3306)));
        assertThat(BackendName.parse("fd00::3")).isEqualTo(new BackendName("fd00::3", OptionalInt.empty()));
        assertThat(BackendName.parse("[fd00::3]:3306")).hasToString("[fd00::3]:3306");
    }

    @Test
    void matchesTheRealServerAsConfigured() {
        assertThat(BackendName.parse("10.0.0.3").matches("10.0.0.3", 3307)).isTrue();
        assertThat(BackendName.parse("10.0.0.3:3306").matches("10.0.0.3", 3307)).isFalse();
        assertThat(BackendName.parse("10.0.0.3:3306").matches("10.0.0.30", 3306)).isFalse();
    }

    @Test
    void badNamesSayWhy() {
        assertThatThrownBy(() -> BackendName.parse("")).hasMessageContaining("no BACKEND given");
        assertThatThrownBy(() -> BackendName.parse("10.0.0.3:x")).hasMessageContaining("the port must be 1..65535");
        assertThatThrownBy(() -> BackendName.parse("10.0.0.3:70000")).hasMessageContaining("the port must be 1..65535");
        assertThatThrownBy(() -> BackendName.parse(":3306")).hasMessageContaining("the address is missing");
        assertThatThrownBy(() -> BackendName.parse("[fd00::3")).hasMessageContaining("[IPV6]:PORT expected");
    }
}
