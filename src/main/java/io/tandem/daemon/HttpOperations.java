package io.tandem.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's verbs over HTTP: {@code POST /switchover}, {@code /maintenance}, {@code /drain}
 * and {@code /ready}, their parameters in the query string, turned into the same request line the
 * control socket reads ({@link #request}) and answered by the same {@link Operations}.
 *
 * <p>Every request must carry {@code Authorization: Bearer TOKEN} with the token of
 * {@link HttpToken}: without the header 401 (with {@code WWW-Authenticate: Bearer}), with a wrong
 * token 403, and 403 for everyone when no usable token is configured. A browser cannot attach
 * the header to a cross-site request without a CORS preflight, which this server never grants,
 * so the live page's origin gives a web page no way in. Done is 200, refused 409, the text of the
 * {@link Operations.Outcome} as body. Each request is logged (remote address, request, result);
 * the token never is.
 *
 * <p>The HTTP server has one thread, which {@code /metrics} scrapes need: it only checks the
 * request here and hands the operation to a virtual thread, at most {@link #MAX_RUNNING} at once
 * (more get 503). The JDK server cuts a response that takes longer than its
 * {@code maxRspTime} (10 s), so the answer waits at most {@link #ANSWER_WITHIN}; an operation
 * still running then gets 202 and goes on, its result in the daemon's log.
 */
final class HttpOperations implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(HttpOperations.class.getName());

    /** The verbs' paths, each also the verb. */
    static final List<String> PATHS = List.of("/switchover", "/maintenance", "/drain", "/ready");
    static final int MAX_RUNNING = 4;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);

    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "switchover", Set.of("instance", "to", "max-lag", "wait"),
            "maintenance", Set.of("mode"),
            "drain", Set.of("backend", "vs"),
            "ready", Set.of("backend", "vs"));

    private final Operations operations;
    private final Semaphore running = new Semaphore(MAX_RUNNING);
    private final Duration answerWithin;
    private volatile Optional<HttpToken> token;

    HttpOperations(Operations operations, Optional<HttpToken> token) {
        this(operations, token, ANSWER_WITHIN);
    }

    /** With another bound on the wait for an answer (tests). */
    HttpOperations(Operations operations, Optional<HttpToken> token, Duration answerWithin) {
        this.operations = operations;
        this.token = token;
        this.answerWithin = answerWithin;
    }

    /** Replaces the token (after SIGHUP); empty: every mutating request is refused. */
    void token(Optional<HttpToken> next) {
        token = next;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String who = who(ex);
        if (!PATHS.contains(path)) {
            send(ex, 404, "not found\n");
            return;
        }
        String verb = path.substring(1);
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, "error: " + path + " takes POST\n");
            return;
        }
        Optional<HttpToken> t = token;
        if (t.isEmpty()) {
            LOG.log(Level.INFO, "HTTP POST {0} from {1}: 403, no token is configured", path, who);
            send(ex, 403, "error: no HTTP token is configured (--http-token FILE or global_defs http_token_file);"
                    + " this endpoint is read-only\n");
            return;
        }
        Optional<String> presented = bearer(ex.getRequestHeaders().getFirst("Authorization"));
        if (presented.isEmpty()) {
            LOG.log(Level.INFO, "HTTP POST {0} from {1}: 401, no bearer token", path, who);
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tandem\"");
            send(ex, 401, "error: " + path + " needs 'Authorization: Bearer TOKEN'\n");
            return;
        }
        if (!t.get().matches(presented.get())) {
            LOG.log(Level.WARNING, "HTTP POST {0} from {1}: 403, wrong token", path, who);
            send(ex, 403, "error: wrong token\n");
            return;
        }
        String line;
        try {
            line = line(verb, ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.INFO, "HTTP POST {0} from {1}: 400, {2}", path, who, e.getMessage());
            send(ex, 400, "error: " + e.getMessage() + "\n");
            return;
        }
        if (!running.tryAcquire()) {
            LOG.log(Level.INFO, "HTTP POST {0} from {1}: 503, {2} operations already running", path, who, MAX_RUNNING);
            ex.getResponseHeaders().set("Retry-After", "5");
            send(ex, 503, "error: " + MAX_RUNNING + " operations are already running; try again later\n");
            return;
        }
        ControlRequest request = ControlRequest.parse(line);
        LOG.log(Level.INFO, "HTTP POST from {0}: ''{1}''", who, line);
        CompletableFuture<Operations.Outcome> outcome = new CompletableFuture<>();
        Thread.ofVirtual().name("http-" + verb).start(() -> {
            try {
                Operations.Outcome o = operations.perform(request);
                LOG.log(Level.INFO, "HTTP POST from {0}: ''{1}'' {2}: {3}", who, line, o.done() ? "done" : "refused",
                        o.text().strip());
                outcome.complete(o);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "HTTP POST from " + who + ": '" + line + "' failed", e);
                outcome.completeExceptionally(e);
            } finally {
                running.release();
            }
        });
        Thread.ofVirtual().name("http-answer").start(() -> answer(ex, request, outcome));
    }

    private void answer(HttpExchange ex, ControlRequest request, CompletableFuture<Operations.Outcome> outcome) {
        try {
            try {
                Operations.Outcome o = outcome.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
                send(ex, o.done() ? 200 : 409, o.text());
            } catch (TimeoutException e) {
                send(ex, 202, request.verb() + " still running after " + answerWithin.toMillis() / 1000.0
                        + " s; its result goes to the daemon's log (GET /status shows the state)\n");
            } catch (ExecutionException e) {
                send(ex, 500, "error: " + request.verb() + " failed inside the daemon: " + e.getCause()
                        + " (see the daemon's log)\n");
            }
        } catch (InterruptedException e) {
            ex.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HTTP client of {0} gone: {1}", request.verb(), e.toString());
        }
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header (the scheme in any case), if it is one. */
    static Optional<String> bearer(String header) {
        if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(s -> !s.isEmpty());
    }

    /**
     * The control-socket request line for {@code verb} with the query string's parameters, as the
     * CLI sends it: {@code switchover [INSTANCE] [to=HOST] [max-lag=N] [wait=N]} from {@code instance},
     * {@code to}, {@code max-lag}, {@code wait}; {@code maintenance on|off|status} from {@code mode}
     * (default status); {@code drain BACKEND [vs=ADDR:PORT]} and {@code ready ...} from
     * {@code backend} and {@code vs}.
     *
     * @param rawQuery the query as sent (percent-encoded), or null
     * @throws IllegalArgumentException saying what is wrong: an unknown or repeated parameter, a
     *                                  missing or malformed value
     */
    static String line(String verb, String rawQuery) {
        Set<String> allowed = PARAMETERS.get(verb);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown verb '" + verb + "'");
        }
        Map<String, String> p = parameters(rawQuery, allowed, verb);
        StringBuilder line = new StringBuilder(verb);
        switch (verb) {
            case "switchover" -> {
                word(p, "instance").ifPresent(i -> line.append(' ').append(i));
                value(p, "to").ifPresent(v -> line.append(" to=").append(v));
                seconds(p, "max-lag").ifPresent(v -> line.append(" max-lag=").append(v));
                seconds(p, "wait").ifPresent(v -> line.append(" wait=").append(v));
            }
            case "maintenance" -> {
                String mode = word(p, "mode").orElse("status");
                if (!mode.equals("on") && !mode.equals("off") && !mode.equals("status")) {
                    throw new IllegalArgumentException("mode must be on, off or status, not '" + mode + "'");
                }
                line.append(' ').append(mode);
            }
            default -> { // drain, ready
                String backend = word(p, "backend").orElseThrow(() -> new IllegalArgumentException(
                        verb + " needs backend=ADDRESS:PORT"));
                line.append(' ').append(backend);
                value(p, "vs").ifPresent(v -> line.append(" vs=").append(v));
            }
        }
        if (line.length() >= ControlServer.MAX_REQUEST) {
            throw new IllegalArgumentException("request longer than " + ControlServer.MAX_REQUEST + " characters");
        }
        return line.toString();
    }

    private static Map<String, String> parameters(String rawQuery, Set<String> allowed, String verb) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(verb + " takes " + String.join(", ", allowed.stream().sorted().toList())
                        + "; not '" + printable(key) + "'");
            }
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("'" + key + "' given twice");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' needs a value");
            }
            if (value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("'" + key + "' must not contain blanks or control characters");
            }
        }
        return out;
    }

    private static Optional<String> value(Map<String, String> p, String key) {
        return Optional.ofNullable(p.get(key));
    }

    /** A value that becomes a plain word of the line, so it cannot contain '='. */
    private static Optional<String> word(Map<String, String> p, String key) {
        Optional<String> v = value(p, key);
        if (v.isPresent() && v.get().indexOf('=') >= 0) {
            throw new IllegalArgumentException("'" + key + "' must not contain '='");
        }
        return v;
    }

    private static Optional<String> seconds(Map<String, String> p, String key) {
        Optional<String> v = value(p, key);
        if (v.isPresent() && !v.get().matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("'" + key + "' must be whole seconds, not '" + v.get() + "'");
        }
        return v;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in the query");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String who(HttpExchange ex) {
        InetSocketAddress a = ex.getRemoteAddress();
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(code, ex.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }
    }
}
