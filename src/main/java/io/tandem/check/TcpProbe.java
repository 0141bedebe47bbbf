package io.tandem.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * keepalived's {@code TCP_CHECK}: up when a TCP connection to the address opens within
 * {@code connect_timeout}; the connection is closed at once. One attempt per probe: keepalived's
 * {@code retry} and {@code delay_before_retry} are the checker loop's ({@code CheckerState}).
 */
public final class TcpProbe implements Probe {
    private static final String TIMEOUT = ": no connection within ";

    private final String host;
    private final int port;
    private final Duration timeout;

    public TcpProbe(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe() {
        long start = System.nanoTime();
        String detail;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return new ProbeResult(true, Duration.ofNanos(System.nanoTime() - start), "connected to " + host + ":" + port);
        } catch (SocketTimeoutException e) {
            detail = host + ":" + port + TIMEOUT + timeout.toMillis() + " ms";
        } catch (IOException e) {
            detail = host + ":" + port + ": " + e.getMessage();
        }
        return new ProbeResult(false, Duration.ofNanos(System.nanoTime() - start), detail);
    }

    /** Whether a failed probe's detail says the connection timed out (keepalived logs "timeout." then, else "failed."). */
    public static boolean timedOut(String detail) {
        return detail.contains(TIMEOUT);
    }
}
