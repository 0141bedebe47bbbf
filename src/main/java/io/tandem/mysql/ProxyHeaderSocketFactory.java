package io.tandem.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.tandem.config.VirtualServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import org.mariadb.jdbc.Configuration;

/**
 * Gives Connector/J a TCP socket whose first bytes are a PROXY protocol header (v1 or v2, from the
 * property {@value #VERSION_PROPERTY}) naming this socket's own addresses: a {@code MYSQL_CHECK}
 * of a real server behind {@code proxy_protocol} connects the way the proxied clients do (haproxy's
 * {@code check-send-proxy}), so a server that does not accept the header from the balancer fails
 * its check instead of failing every client while it looks healthy. Encoded by Netty's codec.
 * Instantiated by the driver by reflection, hence public.
 */
public final class ProxyHeaderSocketFactory extends ConnectingSocketFactory {
    /** The connection property holding "v1" or "v2". */
    public static final String VERSION_PROPERTY = "tandemProxyProtocol";

    private volatile HAProxyProtocolVersion version;

    public ProxyHeaderSocketFactory() {}

    @Override
    public void setConfiguration(Configuration conf, String host) {
        String v = conf.nonMappedOptions().getProperty(VERSION_PROPERTY);
        version = VirtualServer.ProxyProtocol.of(v).map(p -> HAProxyProtocolVersion.valueOf(p.name())) // V1, V2 in both
                .orElseThrow(() -> new IllegalArgumentException("property " + VERSION_PROPERTY + " must be v1 or v2, not " + v));
    }

    @Override
    public Socket createSocket() {
        HAProxyProtocolVersion v = version;
        if (v == null) {
            throw new IllegalStateException("ProxyHeaderSocketFactory used without " + VERSION_PROPERTY);
        }
        return new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                super.connect(endpoint, timeout);
                getOutputStream().write(header(v, getLocalSocketAddress(), getRemoteSocketAddress()));
                getOutputStream().flush();
            }
        };
    }

    /** The header for a connection from {@code local} to {@code remote} (one socket: one address family). */
    static byte[] header(HAProxyProtocolVersion v, SocketAddress local, SocketAddress remote) {
        InetSocketAddress src = (InetSocketAddress) local;
        InetSocketAddress dst = (InetSocketAddress) remote;
        InetAddress a = src.getAddress();
        HAProxyMessage m = new HAProxyMessage(v, HAProxyCommand.PROXY,
                a instanceof Inet4Address ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                a.getHostAddress(), dst.getAddress().getHostAddress(), src.getPort(), dst.getPort());
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        try {
            encoder.writeOutbound(m);
            ByteBuf out = encoder.readOutbound();
            try {
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                return bytes;
            } finally {
                out.release();
            }
        } finally {
            encoder.finishAndReleaseAll();
        }
    }
}
