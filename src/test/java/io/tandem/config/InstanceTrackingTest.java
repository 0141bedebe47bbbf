package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's sync-group tracking rules, as {@link InstanceTracking} applies them. */
class InstanceTrackingTest {

    private static InstanceTracking.Result of(String config, String instance) {
        KeepalivedConfig c = Load.text(config).config();
        return InstanceTracking.of(c, c.vrrpInstance(instance).orElseThrow());
    }

    @Test
    void everyMemberTracksTheGroupsScriptsAndInterfacesWithTheirWeights() {
        String conf = KeepalivedParityTest.syncGroup("    track_script {\n        chk\n    }\n"
                + "    track_interface {\n        eth1 weight 5\n    }\n", "");
        for (String member : new String[] {"A", "B"}) {
            InstanceTracking.Result r = of(conf, member);
            assertThat(r.scripts()).containsExactly(new InstanceTracking.Script("chk", 10, false, "sync group G script chk"));
            assertThat(r.interfaces()).containsExactly(new InstanceTracking.Interface("eth1", 5, false, "sync group G interface eth1"));
            assertThat(r.adjustments()).isEmpty();
        }
    }

    @Test
    void aMembersOwnWeightsAreDroppedUnlessTheGroupAllowsThem() {
        String own = "    track_script {\n        chk\n    }\n    track_interface {\n        eth1 weight 5\n    }\n";
        InstanceTracking.Result strict = of(KeepalivedParityTest.syncGroup("", own), "A");
        assertThat(strict.scripts()).isEmpty();
        assertThat(strict.interfaces()).extracting(InstanceTracking.Interface::weight).containsExactly(0);
        assertThat(strict.adjustments()).extracting(InstanceTracking.Adjustment::message).containsExactly(
                "(A) ignoring tracked script chk with weights due to SYNC group",
                "(A) ignoring eth1 tracked interface weight due to SYNC group");

        InstanceTracking.Result weighted = of(KeepalivedParityTest.syncGroup("    sync_group_tracking_weight\n", own), "A");
        assertThat(weighted.scripts()).extracting(InstanceTracking.Script::weight).containsExactly(10);
        assertThat(weighted.interfaces()).extracting(InstanceTracking.Interface::weight).containsExactly(5);
        assertThat(weighted.adjustments()).isEmpty();
    }

    @Test
    void anInstanceOutsideAnyGroupKeepsItsWeights() {
        String conf = "vrrp_script chk {\n    script \"/bin/true\"\n    weight 10\n}\n"
                + KeepalivedParityTest.instance("    track_script {\n        chk weight -20\n    }\n");
        InstanceTracking.Result r = of(conf, "VI_1");
        assertThat(r.scripts()).containsExactly(new InstanceTracking.Script("chk", -20, false, "script chk"));
    }
}
