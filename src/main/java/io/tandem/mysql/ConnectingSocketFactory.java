package io.tandem.mysql;

import java.net.InetAddress;
import java.net.Socket;
import org.mariadb.jdbc.util.ConfigurableSocketFactory;

/**
 * A socket factory for Connector/J's {@code socketFactory} option that makes unconnected sockets
 * only: the driver calls {@link #createSocket()} and then {@code connect} with its timeout, which is
 * where Tandem's sockets do their part. The connecting overloads are refused.
 */
abstract class ConnectingSocketFactory extends ConfigurableSocketFactory {
    private static final String ONLY = "use createSocket(), then connect()";

    @Override
    public final Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException(ONLY);
    }

    @Override
    public final Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException(ONLY);
    }

    @Override
    public final Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException(ONLY);
    }

    @Override
    public final Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException(ONLY);
    }
}
