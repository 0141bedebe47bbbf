package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.NotifyScripts;
import io.tandem.script.ScriptCommand;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived 2.2.7's notify arguments (vrrp_notify.c notify_script_exec), for instances and sync groups. */
class StateNotifierTest {
    private static final NotifyScripts ALL = new NotifyScripts(Optional.of("/n.sh master"), Optional.of("/n.sh backup"),
            Optional.of("/n.sh fault"), Optional.of("/n.sh stop"), Optional.of("/n.sh"));

    private static List<List<String>> argv(StateNotifier n, String state, int priority) {
        return n.commands(state, priority).stream().map(ScriptCommand::argv).toList();
    }

    @Test
    void aGroupsGenericNotifyGetsGroupNameStateAndPriorityZero() {
        StateNotifier g = new StateNotifier(ALL, StateNotifier.Kind.GROUP, "G", null, Optional.empty());
        assertThat(argv(g, "MASTER", 150)).containsExactly(List.of("/n.sh", "master"),
                List.of("/n.sh", "GROUP", "G", "MASTER", "0"));
        assertThat(argv(g, "STOP", 150)).containsExactly(List.of("/n.sh", "stop"), List.of("/n.sh", "GROUP", "G", "STOP", "0"));
        assertThat(g.commands("FAULT", 0).getFirst().purpose()).isEqualTo("VRRP_Group(G) notify_fault");
    }

    @Test
    void anInstancesGenericNotifyGetsItsEffectivePriority() {
        StateNotifier i = new StateNotifier(ALL, StateNotifier.Kind.INSTANCE, "VI_A", null, Optional.of("nobody"));
        assertThat(argv(i, "BACKUP", 90)).containsExactly(List.of("/n.sh", "backup"),
                List.of("/n.sh", "INSTANCE", "VI_A", "BACKUP", "90"));
        assertThat(i.commands("BACKUP", 90).getFirst().user()).contains("nobody");
    }

    @Test
    void onlyTheScriptsWrittenRun() {
        NotifyScripts onlyAny = new NotifyScripts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("/n.sh"));
        assertThat(argv(new StateNotifier(onlyAny, StateNotifier.Kind.GROUP, "G", null, Optional.empty()), "BACKUP", 0))
                .containsExactly(List.of("/n.sh", "GROUP", "G", "BACKUP", "0"));
        assertThat(new StateNotifier(NotifyScripts.NONE, StateNotifier.Kind.GROUP, "G", null, Optional.empty())
                .commands("MASTER", 0)).isEmpty();
    }

    @Test
    void withSmtpAlertEachStateIsMailedOnceUntilAnotherIsEntered() {
        StateNotifier on = new StateNotifier(NotifyScripts.NONE, StateNotifier.Kind.INSTANCE, "VI_A", null, Optional.empty(),
                io.tandem.notify.Alerts.none(), true);
        assertThat(on.mailFor("BACKUP")).isTrue();
        assertThat(on.mailFor("MASTER")).isTrue();
        assertThat(on.mailFor("MASTER")).as("keepalived's last_email_state").isFalse();
        assertThat(on.mailFor("BACKUP")).isTrue();
        StateNotifier off = new StateNotifier(NotifyScripts.NONE, StateNotifier.Kind.GROUP, "G", null, Optional.empty(),
                io.tandem.notify.Alerts.none(), false);
        assertThat(off.mailFor("MASTER")).isFalse();
    }
}
