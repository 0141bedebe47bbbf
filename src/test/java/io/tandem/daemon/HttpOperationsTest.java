package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tandem.host.LocalHostFacts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's verbs over HTTP on a real loopback server with a recording {@link Operations}:
 * the bearer token (401, 403), the answers (200, 409, 405, 400, 503, 202), the request line each
 * query becomes, and that a long operation does not hold up {@code /metrics}.
 */
class HttpOperationsTest {
    private static final String TOKEN = "Zm9vYmFyLXRva2VuLTEyMzQ1Njc4";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Recording ops = new Recording();
    private HttpServer server;
    private ExecutorService executor;

    /** Records each request line; answers with {@code answer}, after {@code gate} lets it through. */
    static final class Recording implements Operations {
        final List<ControlRequest> requests = new CopyOnWriteArrayList<>();
        volatile Function<ControlRequest, Outcome> answer = r -> Outcome.done("did " + r.verb() + " " + r.words());
        volatile Semaphore gate = null;
        final Semaphore entered = new Semaphore(0);

        private Outcome run(ControlRequest r) {
            requests.add(r);
            entered.release();
            Semaphore g = gate;
            if (g != null) {
                try {
                    if (!g.tryAcquire(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return answer.apply(r);
        }

        @Override
        public Outcome switchover(ControlRequest request) {
            return run(request);
        }

        @Override
        public Outcome maintenance(ControlRequest request) {
            return run(request);
        }

        @Override
        public Outcome drain(ControlRequest request) {
            return run(request);
        }

        @Override
        public Outcome ready(ControlRequest request) {
            return run(request);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        if (ops.gate != null) {
            ops.gate.release(100);
        }
    }

    private HttpToken token() throws IOException {
        Path p = dir.resolve("http.token");
        Files.writeString(p, TOKEN + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return HttpToken.read(p, new LocalHostFacts());
    }

    /** The handler alone on a one-thread server, as StatusHttp runs it. */
    private String serve(Optional<HttpToken> token, Duration answerWithin) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        HttpOperations handler = new HttpOperations(ops, token, answerWithin);
        HttpOperations.PATHS.forEach(p -> server.createContext(p, handler));
        server.createContext("/metrics", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, -1);
            }
        });
        executor = Executors.newSingleThreadExecutor();
        server.setExecutor(executor);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String serve() throws IOException {
        return serve(Optional.of(token()), Duration.ofSeconds(8));
    }

    private HttpResponse<String> post(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String url) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheHeaderIs401WithAChallengeAndNothingRuns() throws Exception {
        String base = serve();
        HttpResponse<String> r = post(base + "/maintenance?mode=on", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(post(base + "/maintenance?mode=on", "Basic " + TOKEN).statusCode()).as("another scheme").isEqualTo(401);
        assertThat(post(base + "/maintenance?mode=on", "Bearer ").statusCode()).as("no token after Bearer").isEqualTo(401);
        assertThat(ops.requests).isEmpty();
    }

    @Test
    void aWrongTokenIs403AndNothingRuns() throws Exception {
        String base = serve();
        assertThat(post(base + "/switchover", "Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(post(base + "/switchover", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).statusCode())
                .as("a prefix of the token").isEqualTo(403);
        assertThat(post(base + "/switchover", "Bearer " + TOKEN + "x").statusCode()).as("the token and more").isEqualTo(403);
        assertThat(ops.requests).isEmpty();
    }

    @Test
    void withoutAConfiguredTokenEveryPostIs403SayingSo() throws Exception {
        String base = serve(Optional.empty(), Duration.ofSeconds(8));
        for (String auth : new String[] {null, "Bearer " + TOKEN}) {
            HttpResponse<String> r = post(base + "/drain?backend=10.0.0.3:3306", auth);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("no HTTP token is configured");
        }
        assertThat(ops.requests).isEmpty();
    }

    @Test
    void theRightTokenRunsTheVerbDoneIs200AndRefusedIs409WithItsText() throws Exception {
        String base = serve();
        HttpResponse<String> done = post(base + "/switchover?instance=VI_1&to=db2&max-lag=5&wait=5", "Bearer " + TOKEN);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(done.body()).isEqualTo("did switchover [VI_1]\n");

        ops.answer = r -> Operations.Outcome.refused("the target lags 12 s");
        HttpResponse<String> refused = post(base + "/maintenance?mode=on", "bearer " + TOKEN);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).isEqualTo("error: the target lags 12 s\n");
        assertThat(ops.requests).containsExactly(ControlRequest.parse("switchover VI_1 to=db2 max-lag=5 wait=5"),
                ControlRequest.parse("maintenance on"));
    }

    @Test
    void getAndHeadOnTheVerbsAre405AndUnknownPathsUnderThem404() throws Exception {
        String base = serve();
        for (String path : HttpOperations.PATHS) {
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + path + "?mode=on"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as("GET " + path).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("POST");
            HttpResponse<Void> head = client.send(HttpRequest.newBuilder(URI.create(base + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(405);
        }
        assertThat(post(base + "/switchover/now", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(ops.requests).isEmpty();
    }

    @Test
    void aBadQueryIs400SayingWhatIsWrongAndNothingRuns() throws Exception {
        String base = serve();
        HttpResponse<String> r = post(base + "/switchover?instanse=VI_1", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("switchover takes instance, max-lag, to, wait; not 'instanse'");
        assertThat(post(base + "/maintenance?mode=sideways", "Bearer " + TOKEN).body()).contains("on, off or status");
        assertThat(post(base + "/drain", "Bearer " + TOKEN).body()).contains("drain needs backend=");
        assertThat(ops.requests).isEmpty();
    }

    @ParameterizedTest(name = "{0}?{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "switchover  | ''                                            | switchover",
        "switchover  | instance=VI_1                                 | switchover VI_1",
        "switchover  | to=db2                                        | switchover to=db2",
        "switchover  | instance=VI_1&to=db2&max-lag=5&wait=5         | switchover VI_1 to=db2 max-lag=5 wait=5",
        "switchover  | wait=7&to=10.0.0.2&instance=VI_W              | switchover VI_W to=10.0.0.2 wait=7",
        "maintenance | ''                                            | maintenance status",
        "maintenance | mode=on                                       | maintenance on",
        "maintenance | mode=off                                      | maintenance off",
        "maintenance | mode=status                                   | maintenance status",
        "drain       | backend=10.0.0.3:3306                         | drain 10.0.0.3:3306",
        "drain       | backend=10.0.0.3%3A3306&vs=10.0.0.100%3A3306  | drain 10.0.0.3:3306 vs=10.0.0.100:3306",
        "ready       | vs=10.0.0.100:3306&backend=10.0.0.3           | ready 10.0.0.3 vs=10.0.0.100:3306",
    })
    void aQueryBecomesTheLineTheCliSends(String verb, String query, String line) {
        assertThat(HttpOperations.line(verb, query)).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(delimiter = '|', value = {
        "switchover  | force=1                  | switchover takes instance, max-lag, to, wait; not 'force'",
        "switchover  | instance=VI_1&instance=X | 'instance' given twice",
        "switchover  | to=                      | 'to' needs a value",
        "switchover  | to                       | 'to' needs a value",
        "switchover  | max-lag=5s               | 'max-lag' must be whole seconds",
        "switchover  | wait=-1                  | 'wait' must be whole seconds",
        "switchover  | instance=a%3Db           | 'instance' must not contain '='",
        "switchover  | to=db2+x                 | 'to' must not contain blanks",
        "switchover  | to=db2%0Aswitchover      | 'to' must not contain blanks or control characters",
        "switchover  | to=%zz                   | malformed percent-encoding",
        "maintenance | mode=ON                  | mode must be on, off or status, not 'ON'",
        "drain       | vs=10.0.0.100:3306       | drain needs backend=ADDRESS:PORT",
        "ready       | backend=a&backend=b      | 'backend' given twice",
    })
    void aBadQueryIsRefusedSayingWhy(String verb, String query, String message) {
        assertThatThrownBy(() -> HttpOperations.line(verb, query)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aTooLongRequestIsRefused() {
        assertThatThrownBy(() -> HttpOperations.line("switchover", "to=" + "x".repeat(ControlServer.MAX_REQUEST)))
                .hasMessageContaining("longer than");
    }

    @Test
    void aLongOperationDoesNotHoldUpMetricsAndAtMostFourRunAtOnce() throws Exception {
        String base = serve();
        ops.gate = new Semaphore(0);
        List<CompletableFuture<HttpResponse<String>>> running = new java.util.ArrayList<>();
        for (int i = 0; i < HttpOperations.MAX_RUNNING; i++) {
            running.add(postAsync(base + "/switchover?instance=VI_" + i));
        }
        assertThat(ops.entered.tryAcquire(HttpOperations.MAX_RUNNING, 10, TimeUnit.SECONDS)).as("all four started").isTrue();
        // the server's one thread is free: a scrape is answered while four operations wait
        HttpResponse<Void> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(metrics.statusCode()).isEqualTo(200);
        HttpResponse<String> fifth = post(base + "/ready?backend=10.0.0.3", "Bearer " + TOKEN);
        assertThat(fifth.statusCode()).isEqualTo(503);
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        assertThat(running).allMatch(f -> !f.isDone());

        ops.gate.release(HttpOperations.MAX_RUNNING);
        for (CompletableFuture<HttpResponse<String>> f : running) {
            assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // the slots are free again: the next one runs (a slot is released just after the answer is sent)
        ops.gate = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int code;
        do {
            code = post(base + "/ready?backend=10.0.0.3", "Bearer " + TOKEN).statusCode();
        } while (code == 503 && System.nanoTime() < deadline);
        assertThat(code).isEqualTo(200);
    }

    @Test
    void anOperationStillRunningAfterTheBoundIs202AndGoesOn() throws Exception {
        String base = serve(Optional.of(token()), Duration.ofMillis(300));
        ops.gate = new Semaphore(0);
        HttpResponse<String> r = post(base + "/switchover?instance=VI_1", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).contains("switchover still running after 0.3 s");
        CountDownLatch finished = new CountDownLatch(1);
        ops.answer = req -> {
            finished.countDown();
            return Operations.Outcome.done("ok");
        };
        ops.gate.release();
        assertThat(finished.await(10, TimeUnit.SECONDS)).as("the operation went on after the answer").isTrue();
    }

    @Test
    void statusHttpServesTheVerbsBesideStatusAndTakesANewToken() throws Exception {
        StatusBoard board = new StatusBoard("/etc/tandem/keepalived.conf", new ControlLoop(Duration.ofMillis(250)));
        try (StatusHttp http = StatusHttp.start(new InetSocketAddress("127.0.0.1", 0), board, ops, Optional.empty())) {
            String base = "http://127.0.0.1:" + http.address().getPort();
            assertThat(post(base + "/maintenance?mode=status", "Bearer " + TOKEN).statusCode()).isEqualTo(403);
            http.token(Optional.of(token()));
            HttpResponse<String> r = post(base + "/maintenance?mode=status", "Bearer " + TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("did maintenance [status]\n");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            // the read-only parts stay read-only
            assertThat(post(base + "/status", "Bearer " + TOKEN).statusCode()).isEqualTo(405);
        }
        assertThat(ops.requests).containsExactly(ControlRequest.parse("maintenance status"));
    }
}
