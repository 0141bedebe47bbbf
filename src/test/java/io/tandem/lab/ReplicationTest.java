package io.tandem.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationTest {
    @Test
    void unionKeepsTheHighestSequencePerDomain() {
        assertThat(Replication.union(List.of("1-11-5,2-12-3", "2-12-7", "", "3-13-1,1-11-4")))
                .isEqualTo("1-11-5,2-12-7,3-13-1");
    }

    @Test
    void unionOfNothingIsEmpty() {
        assertThat(Replication.union(List.of("", " "))).isEmpty();
    }
}
