package io.tandem.daemon;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import io.tandem.linux.NetNamespace;
import io.tandem.status.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium in a lab host, driven over the DevTools protocol: one page stays loaded while
 * the test evaluates expressions in it, so the test can watch the page change without a reload.
 * The DevTools port listens on the host's loopback; the test reaches it with sockets made inside
 * the host's network namespace. A minimal WebSocket client (RFC 6455: masked text frames out,
 * unmasked frames in), enough for {@code Runtime.evaluate}.
 */
final class DevTools implements AutoCloseable {
    private static final int PORT = 9222;
    private final LabProcess chromium;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private int nextId = 1;

    private DevTools(LabProcess chromium, Socket socket) throws IOException {
        this.chromium = chromium;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Starts Chromium on {@code h} showing {@code url} and connects to its page. */
    @SuppressWarnings("unchecked")
    static DevTools open(Host h, String url) throws Exception {
        LabProcess p = h.spawn("chromium", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + h.dir().resolve("chromium-devtools"), "--remote-debugging-port=" + PORT,
                "--window-size=1000,640", url);
        try (NetNamespace ns = NetNamespace.enter(h.namespace())) {
            String ws = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ws == null) {
                try {
                    Socket s = ns.call(() -> new Socket("127.0.0.1", PORT));
                    try (s) {
                        s.setSoTimeout(5000);
                        s.getOutputStream().write("GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        String reply = httpBody(s.getInputStream());
                        List<Map<String, Object>> targets = (List<Map<String, Object>>) JsonReader.parse(
                                reply);
                        ws = targets.stream().filter(t -> "page".equals(t.get("type")))
                                .map(t -> (String) t.get("webSocketDebuggerUrl")).findFirst().orElse(null);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (ws == null) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("chromium's DevTools did not come up: " + p.tail(20));
                    }
                    Thread.sleep(100);
                }
            }
            Socket s = ns.call(() -> new Socket("127.0.0.1", PORT));
            s.setSoTimeout(10_000);
            DevTools d = new DevTools(p, s);
            d.handshake(URI.create(ws).getPath());
            return d;
        }
    }

    /** The body of one HTTP/1.1 answer with a Content-Length (the DevTools server keeps the connection open). */
    private static String httpBody(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the headers ended: " + headers);
            }
            headers.append((char) b);
        }
        if (!headers.toString().startsWith("HTTP/1.1 200")) {
            throw new IOException("not ready: " + headers);
        }
        int length = -1;
        for (String line : headers.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length: " + headers);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private void handshake(String path) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("DevTools closed during the handshake: " + headers);
            }
            headers.append((char) b);
        }
        if (!headers.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("DevTools refused the WebSocket: " + headers);
        }
    }

    /** Evaluates {@code expression} in the page and returns its value as a string. */
    @SuppressWarnings("unchecked")
    String eval(String expression) throws IOException {
        int id = nextId++;
        String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
        send("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\"" + escaped
                + "\",\"returnByValue\":true}}");
        while (true) {
            Map<String, Object> m = (Map<String, Object>) JsonReader.parse(receive());
            if (Long.valueOf(id).equals(m.get("id"))) {
                Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) m.get("result")).get("result");
                return String.valueOf(result.get("value"));
            }
        }
    }

    private void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    private String receive() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = read();
            int b1 = read();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (read() << 8) | read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length != len) {
                throw new IOException("DevTools closed mid-frame");
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                throw new IOException("DevTools closed the WebSocket");
            }
            if (opcode == 0x9 || opcode == 0xA) {
                continue; // ping/pong: nothing to do for a short test
            }
            message.write(payload);
            if ((b0 & 0x80) != 0) {
                return message.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("DevTools closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        chromium.signal(io.tandem.lab.Signal.TERM);
        chromium.waitFor(Duration.ofSeconds(10));
    }
}
