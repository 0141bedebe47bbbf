package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlRequestTest {
    @Test
    void wordsAndOptionsAreSeparated() {
        ControlRequest r = ControlRequest.parse("  switchover VI_W  to=10.0.0.2 max-lag=5\n");
        assertThat(r.verb()).isEqualTo("switchover");
        assertThat(r.words()).containsExactly("VI_W");
        assertThat(r.options()).isEqualTo(Map.of("to", "10.0.0.2", "max-lag", "5"));
        assertThat(r.option("wait")).isEmpty();
        assertThat(r.word(1)).isEmpty();
    }

    @Test
    void anEmptyValueCountsAsAbsentAndTheLineRoundTrips() {
        ControlRequest r = ControlRequest.parse("drain 10.0.0.3:3306 vs=");
        assertThat(r.option("vs")).isEmpty();
        ControlRequest again = ControlRequest.parse(new ControlRequest("drain", List.of("10.0.0.3:3306"), Map.of("vs", "10.0.0.100:3306")).line());
        assertThat(again.word(0)).hasValue("10.0.0.3:3306");
        assertThat(again.option("vs")).hasValue("10.0.0.100:3306");
    }

    @Test
    void anEmptyLineHasAnEmptyVerb() {
        assertThat(ControlRequest.parse("").verb()).isEmpty();
    }
}
