package io.tandem.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.tandem.config.VirtualServer.ProxyProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The PROXY protocol header ({@code proxy_protocol v1|v2}) a backend connection starts with: the
 * client's address and port and the virtual server's, as the client connected (haproxy's
 * {@code send-proxy} and {@code send-proxy-v2}; encoded by Netty's codec). MariaDB takes the
 * client's address from it for accounts and the process list when the load balancer is in its
 * {@code proxy_protocol_networks}.
 */
final class ProxyHeader {
    private ProxyHeader() {
    }

    /**
     * The header for a connection from {@code client} (remote) to {@code local}; an IPv4 address
     * beside an IPv6 one is written IPv4-mapped, so both are of one family as the protocol wants.
     * Null when either is not an IP address (v1 has no way to say "unknown" that every server
     * takes; v2 says LOCAL then).
     */
    static HAProxyMessage of(ProxyProtocol version, SocketAddress client, SocketAddress local) {
        HAProxyProtocolVersion v = HAProxyProtocolVersion.valueOf(version.name()); // V1, V2 in both
        if (!(client instanceof InetSocketAddress src) || !(local instanceof InetSocketAddress dst)
                || src.getAddress() == null || dst.getAddress() == null) {
            return v == HAProxyProtocolVersion.V2
                    ? new HAProxyMessage(v, HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0)
                    : null;
        }
        boolean ipv4 = src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address;
        return new HAProxyMessage(v, HAProxyCommand.PROXY,
                ipv4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                text(src.getAddress(), ipv4), text(dst.getAddress(), ipv4), src.getPort(), dst.getPort());
    }

    private static String text(InetAddress a, boolean ipv4) {
        return ipv4 || !(a instanceof Inet4Address) ? a.getHostAddress() : "::ffff:" + a.getHostAddress();
    }

    /**
     * Writes the header for {@code client} as the first bytes of {@code backend} (not flushed).
     * The encoder is in the pipeline only for this write. Event-loop thread.
     */
    static void write(Channel backend, ProxyProtocol version, Channel client) {
        HAProxyMessage m = of(version, client.remoteAddress(), client.localAddress());
        if (m == null) {
            return;
        }
        backend.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
        try {
            backend.write(m, backend.voidPromise());
        } finally {
            backend.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
        }
    }
}
