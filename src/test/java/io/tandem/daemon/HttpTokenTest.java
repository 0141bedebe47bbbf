package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.tandem.host.LocalHostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP token file: the secret-file rule (owner-only), its content, and how a presented token is compared. */
class HttpTokenTest {
    @TempDir
    Path dir;

    private final LocalHostFacts host = new LocalHostFacts();

    private Path file(String content, String mode) throws IOException {
        Path p = dir.resolve("http.token");
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void anOwnerOnlyFileGivesItsTokenWithoutTheLineEnd() throws IOException {
        HttpToken t = HttpToken.read(file("s3cret-token_1\n", "rw-------"), host);
        assertThat(t.matches("s3cret-token_1")).isTrue();
        assertThat(t.matches("s3cret-token_1\n")).isFalse();
        assertThat(t.toString()).doesNotContain("s3cret").contains("hidden");
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rw-rw-rw-"})
    void aFileThatGroupOrOthersCanReadOrWriteIsRefusedNamingTheFileNotTheToken(String mode) throws IOException {
        Path p = file("s3cret\n", mode);
        assertThatThrownBy(() -> HttpToken.read(p, host)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("chmod 600").hasMessageNotContaining("s3cret");
    }

    @Test
    void theRuleIsTheOneOfTheOtherSecretFiles() throws IOException {
        // the same check as smtp_auth_file and password_file (HostFacts.secretFileProblem), not a copy of it
        Path p = file("s3cret\n", "rw-r-----");
        assertThat(host.secretFileProblem(p.toString())).isPresent();
        assertThatThrownBy(() -> HttpToken.read(p, host)).hasMessageContaining(host.secretFileProblem(p.toString()).get());
    }

    @Test
    void aMissingFileIsRefused() {
        Path p = dir.resolve("none");
        assertThatThrownBy(() -> HttpToken.read(p, host)).hasMessageContaining(p.toString()).hasMessageContaining("not found");
    }

    @ParameterizedTest(name = "content {0}")
    @ValueSource(strings = {"", "\n", "  \n\n"})
    void anEmptyFileIsRefused(String content) throws IOException {
        Path p = file(content, "rw-------");
        assertThatThrownBy(() -> HttpToken.read(p, host)).hasMessageContaining(p.toString()).hasMessageContaining("is empty");
    }

    @Test
    void aTokenWithBlanksInsideIsRefused() throws IOException {
        Path p = file("two words\n", "rw-------");
        assertThatThrownBy(() -> HttpToken.read(p, host)).hasMessageContaining("one word").hasMessageNotContaining("two words");
    }

    @Test
    void onlyTheWholeTokenMatches() throws IOException {
        HttpToken t = HttpToken.read(file("abcdef0123456789\n", "rw-------"), host);
        assertThat(t.matches("abcdef0123456789")).isTrue();
        assertThat(t.matches("abcdef012345678")).as("a prefix").isFalse();
        assertThat(t.matches("abcdef01234567890")).as("longer").isFalse();
        assertThat(t.matches("abcdef012345678X")).as("same length, last byte differs").isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.matches("ABCDEF0123456789")).as("case matters").isFalse();
    }

    @Test
    void theComparisonIsMessageDigestIsEqualAndNothingElse() {
        // timing cannot be asserted in a unit test; what is compared with what can: the token is
        // compared by the constant-time MessageDigest.isEqual, never by equals or Arrays.equals
        JavaClass token = new ClassFileImporter().importClasses(HttpToken.class).get(HttpToken.class);
        Set<String> called = token.getMethodCallsFromSelf().stream()
                .filter(c -> c.getOrigin().getName().equals("matches"))
                .map(JavaMethodCall::getTarget).map(t -> t.getOwner().getName() + "." + t.getName())
                .collect(Collectors.toSet());
        assertThat(called).contains(MessageDigest.class.getName() + ".isEqual")
                .doesNotContain("java.util.Arrays.equals", "java.lang.String.equals", "java.lang.String.contentEquals");
    }
}
