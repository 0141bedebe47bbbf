package io.tandem.config;

import static io.tandem.config.Load.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.FileConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the text, {@link ConfigLoader#load} returns (never throws), and every diagnostic points
 * into a file that was read, at a line that exists. 1000 tries in all.
 */
class ParserPropertiesTest {
    private static final HostFacts HOST = FixedHost.corpus();
    private static final String INCLUDED = "/etc/keepalived/a.conf";

    /** Words keepalived.conf is made of, and characters that are special to the lexer. */
    private static final List<String> VOCABULARY = List.of(
            "global_defs", "vrrp_instance", "vrrp_script", "vrrp_sync_group", "virtual_server", "real_server",
            "VI_1", "VI_2", "chk", "interface", "eth0", "eth1", "eth9", "virtual_router_id", "priority", "advert_int",
            "state", "MASTER", "nopreempt", "virtual_ipaddress", "192.168.1.200/24", "10.0.0.5", "192.168.1.300/40",
            "dev", "label", "brd", "track_script", "track_interface", "weight", "-20", "reverse", "unicast_src_ip",
            "unicast_peer", "authentication", "auth_type", "PASS", "auth_pass", "script", "/bin/true", "\"/bin/sh -c x\"",
            "enable_script_security", "script_user", "root", "notify_master", "notify", "group", "TCP_CHECK",
            "MISC_CHECK", "misc_path", "MYSQL_CHECK", "password_file", "/etc/passwd", "password", "mysql",
            "linkbeat_interfaces", "static_ipaddress", "default_interface", "bond0", "sorry_server", "3306",
            "0", "1", "255", "256", "0.5", "1e9", "1e-9", "-1", "99999999999999999999",
            "include", "include", "include_check", "a.conf", "*.conf", "/etc/keepalived/*.conf", "[", "x[",
            "{", "}", "{", "}", "\"", "'", "#", "!", "\0", "\t", "\r", "\uFEFF", "ü", "\\");

    // ---- the property ----

    /** Loads MAIN from {@code files} and checks the diagnostics; the test fails if load throws. */
    static void loadsAndPointsIntoTheFiles(Map<String, String> files) {
        loadsAndPointsIntoTheFiles(MAIN, new MapSource(files), path -> files.get(path));
    }

    static void loadsAndPointsIntoTheFiles(String main, ConfigSource source, Function<String, String> textOf) {
        ConfigLoader.Result r = ConfigLoader.load(main, source, HOST);
        assertThat(r.config()).isNotNull();
        assertThat(r.exitCode(false)).isIn(0, 4, 5, 6);
        for (Diagnostic d : r.diagnostics()) {
            assertThat(d.severity()).isNotNull();
            assertThat(d.message()).isNotBlank();
            String text = textOf.apply(d.at().file());
            if (text == null) {
                // only the main file can be missing, and then there is no line to point at
                assertThat(d.at()).as(d.format()).isEqualTo(new SourceLocation(main, 0));
                assertThat(textOf.apply(main)).isNull();
            } else {
                int lines = text.split("\r?\n", -1).length;
                assertThat(d.at().line()).as(d.format()).isBetween(1, lines + 1);
            }
        }
    }

    // ---- arbitrary text ----

    @Property(tries = 150)
    void anyString(@ForAll @StringLength(max = 400) String main) {
        loadsAndPointsIntoTheFiles(Map.of(MAIN, main));
    }

    @Property(tries = 150)
    void stringsOfLexerCharacters(@ForAll("lexerCharacters") String main, @ForAll("lexerCharacters") String included) {
        loadsAndPointsIntoTheFiles(Map.of(MAIN, main, INCLUDED, included));
    }

    @Provide
    Arbitrary<String> lexerCharacters() {
        return Arbitraries.strings().withChars("{}\"'#! \t\r\n\0\\*?[]/.abinclude_").ofMaxLength(300);
    }

    /** Lines of configuration words: deeper into the readers and the validator than random characters get. */
    @Property(tries = 250)
    void linesOfKeywords(@ForAll("lines") String main, @ForAll("lines") String included) {
        loadsAndPointsIntoTheFiles(Map.of(MAIN, main, INCLUDED, included));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> line = Arbitraries.of(VOCABULARY).list().ofMaxSize(5).map(words -> String.join(" ", words));
        return line.list().ofMaxSize(40).map(l -> String.join("\n", l));
    }

    // ---- include patterns against the real file system ----

    private static Path includeDir;

    @BeforeContainer
    static void makeIncludeDir() throws IOException {
        includeDir = Files.createTempDirectory("tandem-include-property");
        Files.createDirectories(includeDir.resolve("sub"));
        for (String name : List.of("a.conf", "b.conf", ".hidden.conf", "[x.conf", "sub/c.conf", "sub/{d}.conf")) {
            Files.writeString(includeDir.resolve(name), "vrrp_script s {\n    script /bin/true\n}\n");
        }
    }

    @AfterContainer
    static void removeIncludeDir() throws IOException {
        try (Stream<Path> walk = Files.walk(includeDir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<String> includePattern() {
        return Arbitraries.strings().withChars("*?[]{}!^/.\\\0absu-,'\"").ofMinLength(1).ofMaxLength(12);
    }

    /** {@code include PATTERN} with {@link FileConfigSource}: glob syntax errors, NUL, dot files, ... */
    @Property(tries = 150)
    void includePatternsOnTheFileSystem(@ForAll("includePattern") String pattern) throws IOException {
        Path main = includeDir.resolve("keepalived.conf");
        Files.writeString(main, "include " + pattern + "\ninclude \"" + pattern + "\"\n");
        loadsAndPointsIntoTheFiles(main.toString(), new FileConfigSource(), path -> {
            try {
                Path p = Path.of(path);
                return Files.isRegularFile(p) ? Files.readString(p) : null;
            } catch (IOException | java.nio.file.InvalidPathException e) {
                return null;
            }
        });
    }

    // ---- mutated corpus files ----

    /** The corpus with @CORPUS@ as /corpus: relative path to text. Scripts do not exist there, which is fine here. */
    private static final Map<String, String> CORPUS = readCorpus();

    private static Map<String, String> readCorpus() {
        Path root = CorpusTest.source();
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                out.put(root.relativize(p).toString(),
                        Files.readString(p, StandardCharsets.UTF_8).replace("@CORPUS@", "/corpus"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Deletes, inserts (any byte value) or flips a brace at a relative position. */
    record Mutation(int kind, double where, char inserted) {
        String apply(String text) {
            if (text.isEmpty()) {
                return kind == 1 ? String.valueOf(inserted) : text;
            }
            int at = Math.min(text.length() - 1, (int) (where * text.length()));
            return switch (kind) {
                case 0 -> text.substring(0, at) + text.substring(at + 1);
                case 1 -> text.substring(0, at) + inserted + text.substring(at);
                default -> {
                    List<Integer> braces = new ArrayList<>();
                    for (int i = 0; i < text.length(); i++) {
                        if (text.charAt(i) == '{' || text.charAt(i) == '}') {
                            braces.add(i);
                        }
                    }
                    if (braces.isEmpty()) {
                        yield text;
                    }
                    int b = braces.get(Math.min(braces.size() - 1, (int) (where * braces.size())));
                    yield text.substring(0, b) + (text.charAt(b) == '{' ? '}' : '{') + text.substring(b + 1);
                }
            };
        }
    }

    @Provide
    Arbitrary<String> corpusFile() {
        return Arbitraries.of(CORPUS.keySet().stream().filter(f -> !f.contains("/")).toList());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.chars().range('\0', (char) 255)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void mutatedCorpusFiles(@ForAll("corpusFile") String file, @ForAll("mutations") List<Mutation> mutations) {
        String text = CORPUS.get(file);
        for (Mutation m : mutations) {
            text = m.apply(text);
        }
        // the corpus lives at /corpus; MAIN is where the mutated file is loaded from, so its relative
        // includes (06: conf.d/*.conf) are looked up next to it
        Map<String, String> files = new LinkedHashMap<>();
        CORPUS.forEach((path, t) -> files.put("/corpus/" + path, t));
        CORPUS.forEach((path, t) -> {
            if (path.startsWith("conf.d/")) {
                files.put("/etc/keepalived/" + path, t);
            }
        });
        files.put(MAIN, text);
        loadsAndPointsIntoTheFiles(files);
    }
}
