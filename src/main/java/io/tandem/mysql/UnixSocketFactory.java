package io.tandem.mysql;

import java.net.Socket;
import java.nio.file.Path;
import org.mariadb.jdbc.Configuration;

/**
 * Gives Connector/J a unix socket that honours its connect and socket timeouts. The driver's own
 * {@code localSocket} support goes through JNA and blocks forever on a hung (SIGSTOPped) mysqld,
 * which would break "every call bounded by a timeout"; this factory is used instead through the
 * driver's {@code socketFactory} option, with the path in the property {@value #PATH_PROPERTY}.
 * Instantiated by the driver by reflection, hence public.
 */
public final class UnixSocketFactory extends ConnectingSocketFactory {
    /** The connection property holding the socket path (the driver passes unknown properties through). */
    public static final String PATH_PROPERTY = "tandemUnixSocket";

    private volatile Path path;

    public UnixSocketFactory() {}

    @Override
    public void setConfiguration(Configuration conf, String host) {
        String p = conf.nonMappedOptions().getProperty(PATH_PROPERTY);
        if (p == null || p.isBlank()) {
            throw new IllegalArgumentException("no unix socket path in property " + PATH_PROPERTY);
        }
        path = Path.of(p);
    }

    @Override
    public Socket createSocket() {
        if (path == null) {
            throw new IllegalStateException("UnixSocketFactory used without " + PATH_PROPERTY);
        }
        return new UnixSocket(path);
    }
}
