package io.tandem.bench;

import io.tandem.linux.NetNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP service inside a lab host: listens on {@code 0.0.0.0:port} and answers every
 * connection with the host's name and a newline, then closes it. It stands for the database the
 * VIP leads to; the probe client learns from the answer which host holds the VIP. {@link #stop()}
 * closes the listening socket (new connections are then refused with a RST, as when the service
 * dies with its host's daemon) and {@link #start()} opens it again.
 */
final class Responder implements AutoCloseable {
    private static final int BACKLOG = 256;

    private final NetNamespace ns;
    private final String name;
    private final int port;
    private final byte[] reply;
    private ServerSocket server;
    private Thread thread;

    private Responder(NetNamespace ns, String name, int port) {
        this.ns = ns;
        this.name = name;
        this.port = port;
        this.reply = (name + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Enters {@code namespace} and starts listening there. */
    static Responder open(String namespace, String name, int port) {
        NetNamespace ns = NetNamespace.enter(namespace);
        Responder r = new Responder(ns, name, port);
        try {
            r.start();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return r;
    }

    /** Opens the listening socket (idempotent). */
    synchronized void start() {
        if (server != null) {
            return;
        }
        ServerSocket s;
        try {
            s = ns.call(() -> {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress("0.0.0.0", port), BACKLOG);
                return ss;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("responder on " + name + ": cannot listen on port " + port, e);
        }
        server = s;
        thread = ns.startThread("responder-" + name, () -> serve(s));
    }

    /** Closes the listening socket at once; waits (at most 2 s) for the accept thread to end. */
    void stop() {
        Thread t;
        synchronized (this) {
            if (server == null) {
                return;
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket does not fail in a way that matters here
            }
            server = null;
            t = thread;
            thread = null;
        }
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.setTcpNoDelay(true);
                OutputStream out = c.getOutputStream();
                out.write(reply);
                out.flush();
            } catch (IOException e) {
                if (s.isClosed()) {
                    return;
                }
                // a client that went away early; serve the next one
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            ns.close();
        }
    }
}
