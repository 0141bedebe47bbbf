package io.tandem.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tandem.status.StatusJson;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The optional HTTP endpoint (off unless {@code --http} or {@code http_status} asks): {@code GET
 * /status} the JSON of {@code tandem status --json}, {@code GET /metrics} Prometheus' text format.
 * {@code GET /} is a live page for people (this node's view: who holds each VIP, MySQL roles, lag,
 * backends, recent transitions) that polls {@code /status} every second. The JDK's HTTP server on
 * one thread of its own: a slow client delays other scrapes, never the control loop. The operator's
 * verbs ({@code POST /switchover}, {@code /maintenance}, {@code /drain}, {@code /ready}) need a
 * bearer token and run off that thread ({@link HttpOperations}); the page never sends them.
 */
final class StatusHttp implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StatusHttp.class.getName());

    static {
        // the JDK server's own limits for a client that sends or reads slowly (seconds)
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "5"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "10"));
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpOperations operations;

    private StatusHttp(HttpServer server, ExecutorService executor, HttpOperations operations) {
        this.server = server;
        this.executor = executor;
        this.operations = operations;
    }

    /** Read-only: every mutating request is refused (no token). */
    static StatusHttp start(InetSocketAddress address, StatusBoard board) throws IOException {
        return start(address, board, Operations.NONE, Optional.empty());
    }

    /** @param token the bearer token of mutating requests; empty: they are all refused (403) */
    static StatusHttp start(InetSocketAddress address, StatusBoard board, Operations ops, Optional<HttpToken> token)
            throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StatusMetrics(board, board.loop().latenessHistogram()));
        HttpServer server = HttpServer.create(address, 8);
        server.createContext("/metrics", new MetricsHandler(registry));
        HttpOperations operations = new HttpOperations(ops, token);
        for (String path : HttpOperations.PATHS) {
            server.createContext(path, operations);
        }
        server.createContext("/status", ex -> send(ex, 200, "application/json", StatusJson.render(board.now())));
        byte[] page = resource("index.html");
        byte[] script = resource("page.js");
        byte[] style = resource("page.css");
        server.createContext("/", ex -> {
            switch (ex.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page);
                case "/page.js" -> send(ex, 200, "text/javascript; charset=utf-8", script);
                case "/page.css" -> send(ex, 200, "text/css; charset=utf-8", style);
                default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("http-status").factory());
        server.setExecutor(executor);
        server.start();
        LOG.log(Level.INFO, "HTTP status on http://{0}:{1}/ (/status, /metrics; {2})", address.getHostString(),
                String.valueOf(server.getAddress().getPort()), token.isPresent() ? "POST /switchover, /maintenance, /drain,"
                        + " /ready with the token of " + token.get().file() : "read-only: no token");
        return new StatusHttp(server, executor, operations);
    }

    /** The bearer token from now on (SIGHUP re-reads its file); empty: mutating requests refused. */
    void token(Optional<HttpToken> token) {
        operations.token(token);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** The live page's files, from the jar. */
    private static byte[] resource(String name) throws IOException {
        try (var in = StatusHttp.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IOException("page/" + name + " missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            // the page loads only its own script and style and talks only to this server
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'");
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
