package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tandem's {@code global_defs http_status [ADDR:]PORT}: the HTTP status endpoint, off unless
 * written; and {@code http_token_file PATH}, the token of its mutating requests, a secret file.
 */
class HttpStatusTest {
    @TempDir
    Path dir;

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

    private String tokenFile(String mode) throws IOException {
        Path p = dir.resolve("http.token");
        Files.writeString(p, "s3cret\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p.toString();
    }

    @Test
    void theTokenFileIsReadAsAFileSetting() throws IOException {
        String f = tokenFile("rw-------");
        ConfigLoader.Result r = Load.text(conf("http_status 9100\n    http_token_file " + f));
        assertThat(r.diagnostics()).as(Load.show(r)).isEmpty();
        assertThat(r.config().globalDefs().httpTokenFile()).map(GlobalDefs.FileSetting::path).hasValue(f);
        assertThat(Load.text(conf("")).config().globalDefs().httpTokenFile()).isEmpty();
    }

    @Test
    void aTokenFileThatOthersCanReadIsAnErrorOnItsLineAsForSmtpAuthFile() throws IOException {
        String f = tokenFile("rw-r--r--");
        ConfigLoader.Result r = Load.text(conf("http_token_file " + f));
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.format()).contains(":3: ").contains("http_token_file '" + f + "'").contains("chmod 600");
            assertThat(d.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(r.runnable()).as("the daemon runs; its HTTP endpoint stays read-only").isTrue();
    }

    @Test
    void aMissingTokenFileIsAnError() {
        ConfigLoader.Result r = Load.text(conf("http_token_file " + dir.resolve("none")));
        assertThat(Load.find(r, Severity.ERROR, "http_token_file")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("not found"));
    }
}
