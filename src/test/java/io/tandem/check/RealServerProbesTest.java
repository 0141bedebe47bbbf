package io.tandem.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptExecutor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TCP_CHECK against loopback sockets and MISC_CHECK's exit codes (misc_dynamic weights) with real processes. */
class RealServerProbesTest {

    @Test
    void tcpProbeIsUpWhenSomethingListensAndDownWhenNot() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            ProbeResult up = new TcpProbe("127.0.0.1", port, Duration.ofSeconds(1)).probe();
            assertThat(up.success()).isTrue();
        }
        ProbeResult down = new TcpProbe("127.0.0.1", port, Duration.ofSeconds(1)).probe();
        assertThat(down.success()).isFalse();
        assertThat(down.detail()).startsWith("127.0.0.1:" + port + ": ").containsIgnoringCase("refused");
    }

    private static Verdict misc(String script, boolean dynamic) {
        return new MiscProbe(new ScriptExecutor(), new ScriptCommand(List.of("/bin/sh", "-c", script), Duration.ofSeconds(5),
                Optional.empty(), "test"), dynamic).probe();
    }

    @Test
    void miscCheckExitCodes() {
        assertThat(misc("exit 0", false).up()).isTrue();
        assertThat(misc("exit 1", false).up()).isFalse();
        assertThat(misc("exit 5", false).up()).as("without misc_dynamic only 0 is up").isFalse();
        Verdict dyn = misc("exit 5", true);
        assertThat(dyn.up()).isTrue();
        assertThat(dyn.weight()).hasValue(3);
        assertThat(misc("exit 2", true).weight()).hasValue(0);
        assertThat(misc("exit 1", true).up()).isFalse();
        assertThat(misc("exit 0", true).weight()).as("0 keeps the configured weight").isEmpty();
    }
}
