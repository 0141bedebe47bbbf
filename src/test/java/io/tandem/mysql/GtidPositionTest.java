package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** MariaDB GTID positions: parsing, union and what one server still lacks of another's position. */
class GtidPositionTest {
    @Test
    void parsesAndPrintsInDomainOrder() {
        assertThat(GtidPosition.parse(" 2-12-7 , 1-11-5")).hasToString("1-11-5,2-12-7");
        assertThat(GtidPosition.parse("")).isEqualTo(GtidPosition.EMPTY);
        assertThat(GtidPosition.parse(null).isEmpty()).isTrue();
        assertThat(GtidPosition.parse("1-11-5,1-12-9")).as("the later GTID of a domain wins").hasToString("1-12-9");
    }

    @Test
    void badInputNamesThePart() {
        assertThatThrownBy(() -> GtidPosition.parse("1-11-5,oops")).hasMessageContaining("'oops'");
        assertThatThrownBy(() -> GtidPosition.parse("1-x-5")).hasMessageContaining("'1-x-5'");
    }

    @Test
    void missingIsPerDomain() {
        GtidPosition target = GtidPosition.parse("1-11-40,2-12-7");
        assertThat(target.missingFrom(GtidPosition.parse("1-11-40,2-12-7")).isEmpty()).isTrue();
        assertThat(target.missingFrom(GtidPosition.parse("1-11-41,2-12-9"))).as("ahead counts as having it").isEqualTo(GtidPosition.EMPTY);
        assertThat(target.missingFrom(GtidPosition.parse("1-11-39,2-12-7"))).hasToString("1-11-40");
        assertThat(target.missingFrom(GtidPosition.parse("2-12-7"))).as("a domain never seen").hasToString("1-11-40");
        assertThat(GtidPosition.EMPTY.missingFrom(target).isEmpty()).isTrue();
    }

    @Test
    void unionTakesTheLaterPerDomain() {
        GtidPosition binlog = GtidPosition.parse("2-12-7");
        GtidPosition slave = GtidPosition.parse("1-11-40,2-12-3");
        assertThat(binlog.union(slave)).hasToString("1-11-40,2-12-7");
    }
}
