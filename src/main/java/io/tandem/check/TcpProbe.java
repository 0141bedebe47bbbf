package io.tandem.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * keepalived's {@code TCP_CHECK}: up when a TCP connection to the address opens within
 * {@code connect_timeout}; the connection is closed at once. A failure is retried {@code retry}
 * times, {@code delay_before_retry} apart, before it is reported.
 */
public final class TcpProbe implements Probe {
    private final String host;
    private final int port;
    private final Duration timeout;
    private final int retry;
    private final Duration delayBeforeRetry;

    public TcpProbe(String host, int port, Duration timeout, int retry, Duration delayBeforeRetry) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.retry = retry;
        this.delayBeforeRetry = delayBeforeRetry;
    }

    @Override
    public ProbeResult probe() {
        long start = System.nanoTime();
        String detail = "";
        for (int attempt = 0; attempt <= retry; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(delayBeforeRetry);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
                return new ProbeResult(true, Duration.ofNanos(System.nanoTime() - start), "connected to " + host + ":" + port);
            } catch (SocketTimeoutException e) {
                detail = host + ":" + port + ": no connection within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                detail = host + ":" + port + ": " + e.getMessage();
            }
        }
        return new ProbeResult(false, Duration.ofNanos(System.nanoTime() - start), detail);
    }
}
