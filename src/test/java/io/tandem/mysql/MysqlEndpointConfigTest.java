package io.tandem.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.MysqlCheck;
import io.tandem.config.MysqlFailover;
import io.tandem.config.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From a {@code MYSQL_CHECK} or {@code mysql {}} block to an endpoint: socket, defaults, password file, peer. */
class MysqlEndpointConfigTest {
    @TempDir
    Path dir;

    private static MysqlCheck check(Optional<String> ip, Optional<String> socket, Optional<String> password, Optional<String> file) {
        return new MysqlCheck(ip, Optional.empty(), socket, Optional.of("tandem"), password, file, Duration.ofMillis(750),
                MysqlCheck.Expect.ANY, false, Optional.empty(), 0, Duration.ZERO, sourceLocation());
    }

    private static SourceLocation sourceLocation() {
        return new SourceLocation("tandem.conf", 7);
    }

    @Test
    void aSocketWinsOverTcpAndThePasswordFileIsReadStripped() throws IOException {
        Path pw = Files.writeString(dir.resolve("mysql.pass"), "s3cret\n");
        MysqlEndpoint e = MysqlEndpoint.of(check(Optional.empty(), Optional.of("/run/mysqld/mysqld.sock"), Optional.empty(),
                Optional.of(pw.toString())));
        assertThat(e.socket()).contains("/run/mysqld/mysqld.sock");
        assertThat(e.password()).isEqualTo("s3cret");
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(e).hasToString("tandem@unix:/run/mysqld/mysqld.sock");
    }

    @Test
    void tcpDefaultsAndAnInlinePassword() throws IOException {
        MysqlEndpoint e = MysqlEndpoint.of(check(Optional.empty(), Optional.empty(), Optional.of("inline"), Optional.empty()));
        assertThat(e.host()).isEqualTo("127.0.0.1");
        assertThat(e.port()).isEqualTo(3306);
        assertThat(e.password()).isEqualTo("inline");
    }

    @Test
    void anUnreadablePasswordFileNamesTheFile() {
        String missing = dir.resolve("missing.pass").toString();
        assertThatThrownBy(() -> MysqlEndpoint.of(check(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(missing))))
                .isInstanceOf(IOException.class).hasMessageContaining(missing);
    }

    @Test
    void thePeerIsReachedOverTcpWithTheLocalAccount() throws IOException {
        MysqlEndpoint local = MysqlEndpoint.of(check(Optional.empty(), Optional.of("/s.sock"), Optional.of("pw"), Optional.empty()));
        MysqlFailover f = new MysqlFailover(check(Optional.empty(), Optional.of("/s.sock"), Optional.of("pw"), Optional.empty()), true, true,
                MysqlFailover.DEFAULT_CATCH_UP_TIMEOUT, true, Optional.of("10.0.0.12"), 3307, sourceLocation());
        MysqlEndpoint peer = MysqlEndpoint.peerOf(f, local).orElseThrow();
        assertThat(peer.socket()).isEmpty();
        assertThat(peer.url()).isEqualTo("jdbc:mariadb://10.0.0.12:3307/");
        assertThat(peer.user()).isEqualTo("tandem");
        assertThat(peer.password()).isEqualTo("pw");
        MysqlFailover none = new MysqlFailover(f.server(), true, true, f.catchUpTimeout(), true, Optional.empty(), 3306, sourceLocation());
        assertThat(MysqlEndpoint.peerOf(none, local)).isEmpty();
    }
}
