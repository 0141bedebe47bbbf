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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The optional HTTP endpoint (off unless {@code --http} or {@code http_status} asks): {@code GET
 * /status} the JSON of {@code tandem status --json}, {@code GET /metrics} Prometheus' text format.
 * The JDK's HTTP server on one thread of its own: a slow client delays other scrapes, never the
 * control loop. Read-only: there is nothing to change over HTTP yet.
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

    private StatusHttp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static StatusHttp start(InetSocketAddress address, StatusBoard board) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new StatusMetrics(board, board.loop().latenessHistogram()));
        HttpServer server = HttpServer.create(address, 8);
        server.createContext("/metrics", new MetricsHandler(registry));
        server.createContext("/status", ex -> send(ex, 200, "application/json", StatusJson.render(board.now())));
        server.createContext("/", ex -> send(ex, ex.getRequestURI().getPath().equals("/") ? 200 : 404, "text/plain; charset=utf-8",
                ex.getRequestURI().getPath().equals("/") ? "tandem: GET /status (JSON) or /metrics (Prometheus)\n" : "not found\n"));
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("http-status").factory());
        server.setExecutor(executor);
        server.start();
        LOG.log(Level.INFO, "HTTP status on http://{0}:{1}/ (/status, /metrics)", address.getHostString(),
                String.valueOf(server.getAddress().getPort()));
        return new StatusHttp(server, executor);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
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
