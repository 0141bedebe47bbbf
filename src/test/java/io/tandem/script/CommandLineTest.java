package io.tandem.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOnBlanksAndKeepsQuotedWordsTogether() {
        assertThat(CommandLine.split("/etc/keepalived/notify.sh master")).containsExactly("/etc/keepalived/notify.sh", "master");
        assertThat(CommandLine.split("  /bin/x   'a b'  \"c d\"\te")).containsExactly("/bin/x", "a b", "c d", "e");
        assertThat(CommandLine.split("/bin/x a\\ b \"q\\\"uote\"")).containsExactly("/bin/x", "a b", "q\"uote");
        assertThat(CommandLine.split("/bin/x ''")).containsExactly("/bin/x", "");
        assertThat(CommandLine.split("/bin/x it's")).containsExactly("/bin/x", "its");
    }

    @Test
    void noShellExpansion() {
        assertThat(CommandLine.split("/bin/echo $HOME; rm *")).containsExactly("/bin/echo", "$HOME;", "rm", "*");
    }
}
