package io.tandem.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a unix domain {@link SocketChannel} in non-blocking mode, so that connect,
 * read and write all wait at most the timeout the driver set ({@code connectTimeout},
 * {@code setSoTimeout}); a read that waits longer throws {@link SocketTimeoutException}, as a TCP
 * socket would. Only what Connector/J uses is implemented; TCP options are ignored.
 */
final class UnixSocket extends Socket {
    private final Path path;
    private SocketChannel channel;
    private Selector readSelector;
    private Selector writeSelector;
    private volatile int soTimeout;
    private volatile boolean closed;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    UnixSocket(Path path) {
        this.path = path;
    }

    @Override
    public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
        if (channel != null) {
            throw new SocketException("already connected");
        }
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.configureBlocking(false);
            readSelector = Selector.open();
            writeSelector = Selector.open();
            if (!c.connect(UnixDomainSocketAddress.of(path))) {
                SelectionKey key = c.register(writeSelector, SelectionKey.OP_CONNECT);
                long deadline = System.nanoTime() + timeout * 1_000_000L;
                while (!c.finishConnect()) {
                    long left = timeout == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000;
                    if (timeout != 0 && left <= 0) {
                        throw new SocketTimeoutException("connect to " + path + " timed out after " + timeout + " ms");
                    }
                    writeSelector.select(timeout == 0 ? 0 : left);
                }
                key.cancel();
                writeSelector.selectNow();
            }
            c.register(readSelector, SelectionKey.OP_READ);
            channel = c;
        } catch (SocketTimeoutException e) {
            c.close();
            closeSelectors();
            throw e;
        } catch (IOException | RuntimeException e) {
            c.close();
            closeSelectors();
            throw new SocketException("cannot connect to " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireConnected();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireConnected();
        return out;
    }

    private void requireConnected() throws SocketException {
        if (channel == null || closed) {
            throw new SocketException(closed ? "socket closed" : "not connected");
        }
    }

    /** Reads with the socket timeout. */
    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            int timeout = soTimeout;
            long deadline = System.nanoTime() + timeout * 1_000_000L;
            while (true) {
                requireConnected();
                int n = channel.read(buf);
                if (n != 0) {
                    return n;
                }
                long left = timeout == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000;
                if (timeout != 0 && left <= 0) {
                    throw new SocketTimeoutException("Read timed out after " + timeout + " ms on " + path);
                }
                readSelector.select(timeout == 0 ? 0 : left);
                readSelector.selectedKeys().clear();
            }
        }

        @Override
        public void close() throws IOException {
            UnixSocket.this.close();
        }
    }

    /** Writes everything, waiting at most the socket timeout whenever the peer does not drain. */
    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            int timeout = soTimeout;
            while (buf.hasRemaining()) {
                requireConnected();
                if (channel.write(buf) > 0) {
                    continue;
                }
                SelectionKey key = channel.register(writeSelector, SelectionKey.OP_WRITE);
                try {
                    if (writeSelector.select(timeout) == 0 && timeout != 0) {
                        throw new SocketTimeoutException("Write timed out after " + timeout + " ms on " + path);
                    }
                    writeSelector.selectedKeys().clear();
                } finally {
                    key.cancel();
                    writeSelector.selectNow();
                }
            }
        }

        @Override
        public void close() throws IOException {
            UnixSocket.this.close();
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            closeSelectors();
        }
    }

    private void closeSelectors() throws IOException {
        if (readSelector != null) {
            readSelector.close();
        }
        if (writeSelector != null) {
            writeSelector.close();
        }
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void shutdownInput() throws IOException {
        requireConnected();
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        requireConnected();
        channel.shutdownOutput();
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return 0;
    }

    // TCP options mean nothing on a unix socket

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public void setSoLinger(boolean on, int linger) {}

    @Override
    public void bind(SocketAddress bindpoint) {}

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) {
        return this;
    }

    @Override
    public String toString() {
        return "UnixSocket[" + path + (closed ? ", closed" : channel != null ? ", connected" : "") + "]";
    }
}
