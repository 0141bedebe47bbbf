package io.tandem.notify;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real SMTP server for tests: Debian's aiosmtpd (python3-aiosmtpd, installed by scripts/setup)
 * run as its own process by {@code smtp-server.py}, on 127.0.0.1 or inside a lab host, on a free
 * port. Received mails land as files that {@link #mails()} parses with Jakarta Mail.
 */
public final class SmtpTestServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration START = Duration.ofSeconds(15);

    /** What the server offers: STARTTLS with a certificate, required AUTH, or silence. */
    public record Options(boolean blackhole, Path cert, Path key, boolean requireStartTls, String auth) {
        public static Options plain() {
            return new Options(false, null, null, false, null);
        }

        public static Options blackHole() {
            return new Options(true, null, null, false, null);
        }

        public static Options tls(Path cert, Path key, String userColonPassword) {
            return new Options(false, cert, key, true, userColonPassword);
        }
    }

    /** One received mail: the envelope and session as the server saw them, and the parsed message. */
    public record Received(String envelopeFrom, String envelopeTo, String helo, boolean tls, String authUser,
                           String subject, String from, String to, String xMailer, String body) {}

    private final String host;
    private final int port;
    private final Path out;
    private final Supplier<String> log;
    private final Runnable stop;

    private SmtpTestServer(String host, int port, Path out, Supplier<String> log, Runnable stop) {
        this.host = host;
        this.port = port;
        this.out = out;
        this.log = log;
        this.stop = stop;
    }

    /** Starts a server on 127.0.0.1 writing under {@code dir}. */
    public static SmtpTestServer local(Path dir, Options o) throws Exception {
        requireAiosmtpd();
        Files.createDirectories(dir);
        Path out = dir.resolve("mails");
        Path logFile = dir.resolve("smtp-server.log");
        List<String> cmd = command("127.0.0.1", out, o, script(dir));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        Supplier<String> log = () -> read(logFile);
        Runnable stop = () -> {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            return new SmtpTestServer("127.0.0.1", awaitPort(log, p::isAlive), out, log, stop);
        } catch (RuntimeException | Error e) {
            stop.run();
            throw e;
        }
    }

    /** Starts a server inside lab host {@code h}, listening on its lab address. */
    public static SmtpTestServer in(Host h, Options o) throws Exception {
        requireAiosmtpd();
        Path out = h.dir().resolve("mails-" + System.nanoTime());
        String address = h.address().getHostAddress();
        LabProcess p = h.spawn("smtp", command(address, out, o, script(h.dir())).toArray(String[]::new));
        Supplier<String> log = p::logText;
        Runnable stop = p::terminate;
        try {
            return new SmtpTestServer(address, awaitPort(log, p::isAlive), out, log, stop);
        } catch (RuntimeException | Error e) {
            stop.run();
            throw e;
        }
    }

    private static List<String> command(String address, Path out, Options o, Path script) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--host", address, "--port", "0",
                "--out", out.toString(), "--max-seconds", "600"));
        if (o.blackhole()) {
            cmd.add("--blackhole");
        }
        if (o.cert() != null) {
            cmd.addAll(List.of("--cert", o.cert().toString(), "--key", o.key().toString()));
        }
        if (o.requireStartTls()) {
            cmd.add("--require-starttls");
        }
        if (o.auth() != null) {
            cmd.addAll(List.of("--auth", o.auth()));
        }
        return cmd;
    }

    /** The server script, copied into {@code dir}: under failsafe it is inside the packaged jar, not a file. */
    private static Path script(Path dir) throws java.io.IOException {
        Path script = dir.resolve("smtp-server.py");
        try (java.io.InputStream in = SmtpTestServer.class.getResourceAsStream("/io/tandem/lab/smtp-server.py")) {
            if (in == null) {
                throw new IllegalStateException("smtp-server.py is missing from the class path");
            }
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    private static void requireAiosmtpd() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd").redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("Debian's python3-aiosmtpd is missing: run scripts/setup as root");
        }
    }

    private static int awaitPort(Supplier<String> log, java.util.function.BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : log.get().lines().toList()) {
                if (line.startsWith("listening ")) {
                    return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1).strip());
                }
            }
            if (!alive.getAsBoolean()) {
                throw new AssertionError("SMTP test server exited:\n" + log.get());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("SMTP test server did not start within " + START + ":\n" + log.get());
    }

    /** A self-signed certificate for {@code ip} (subjectAltName IP) and its key, made by openssl in {@code dir}. */
    public static Path[] selfSigned(Path dir, String ip) throws Exception {
        Path cert = dir.resolve("smtp-cert.pem");
        Path key = dir.resolve("smtp-key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + ip, "-addext", "subjectAltName=IP:" + ip, "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + output);
        }
        return new Path[] {cert, key};
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The server's own output (connections, AUTH results, received files). */
    public String log() {
        return log.get();
    }

    /** Every mail received so far, in order of arrival. */
    public List<Received> mails() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            List<Received> r = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList()) {
                r.add(parse(f));
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls (bounded) until a received mail matches; returns it. */
    public Received awaitMail(Predicate<Received> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : mails()) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching mail within " + timeout + "; received " + mails() + "\nserver log:\n"
                        + log());
            }
            Thread.sleep(20);
        }
    }

    private static Received parse(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            return new Received(m.getHeader("X-Test-Envelope-From", null), m.getHeader("X-Test-Envelope-To", null),
                    m.getHeader("X-Test-Helo", null), "yes".equals(m.getHeader("X-Test-Tls", null)),
                    m.getHeader("X-Test-Auth-User", null), m.getSubject(), m.getHeader("From", null), m.getHeader("To", null),
                    m.getHeader("X-Mailer", null), String.valueOf(m.getContent()).strip());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot parse " + f, e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop.run();
    }
}
