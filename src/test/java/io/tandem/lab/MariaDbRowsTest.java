package io.tandem.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbRowsTest {
    @Test
    void batchOutputIsSplitAndUnescaped() {
        List<List<String>> rows = MariaDb.parseRows(List.of("1\ta\\tb\tNULL\t", "2\tc\\\\d\\ne\tx\ty"));
        assertThat(rows).containsExactly(Arrays.asList("1", "a\tb", null, ""), List.of("2", "c\\d\ne", "x", "y"));
    }
}
