package io.tandem.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real SMTP server in a lab host (Debian's aiosmtpd, run by {@code smtp-server.py}), listening
 * on the host's lab address, port 25; every mail it receives is kept as a file. The
 * demonstration's mail server.
 */
public final class MailCatcher {
    public static final int PORT = 25;
    /** Debian's interpreter, where python3-aiosmtpd is installed (not whatever python3 comes first on PATH). */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration START = Duration.ofSeconds(15);

    private final Host host;
    private final Path out;
    private final LabProcess process;

    private MailCatcher(Host host, Path out, LabProcess process) {
        this.host = host;
        this.out = out;
        this.process = process;
    }

    /** True when python3 and Debian's python3-aiosmtpd are installed. */
    public static boolean isInstalled() {
        return Exec.run(Duration.ofSeconds(20), List.of(PYTHON, "-c", "import aiosmtpd")).ok();
    }

    /** Starts the server in {@code host}; returns once it listens. */
    public static MailCatcher start(Host host) {
        Path script = host.dir().resolve("smtp-server.py");
        try (InputStream in = MailCatcher.class.getResourceAsStream("smtp-server.py")) {
            if (in == null) {
                throw new LabException("smtp-server.py is missing from the class path");
            }
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path out = host.dir().resolve("mails");
        LabProcess p = host.spawn("smtp", PYTHON, script.toString(), "--host", host.address().getHostAddress(),
                "--port", Integer.toString(PORT), "--out", out.toString(), "--max-seconds", "3600");
        p.awaitLog("listening ", START);
        return new MailCatcher(host, out, p);
    }

    public Host host() {
        return host;
    }

    /** The Subject of every mail received so far, in order of arrival. */
    public List<String> subjects() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            List<String> subjects = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList()) {
                Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("Subject: ")).findFirst()
                        .ifPresent(l -> subjects.add(l.substring("Subject: ".length())));
            }
            return subjects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server. */
    public void stop() {
        process.terminate();
    }
}
