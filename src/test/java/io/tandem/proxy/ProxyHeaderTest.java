package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.tandem.config.VirtualServer.ProxyProtocol;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which header a connection gets: families, IPv4-mapped addresses, and what cannot be said. */
class ProxyHeaderTest {
    @Test
    void anIpv4ClientOfAnIpv4VipIsTcp4() {
        HAProxyMessage m = ProxyHeader.of(ProxyProtocol.V1, new InetSocketAddress("10.0.0.7", 40000),
                new InetSocketAddress("10.0.0.100", 3306));
        try {
            assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
            assertThat(m.sourceAddress()).isEqualTo("10.0.0.7");
            assertThat(m.destinationAddress()).isEqualTo("10.0.0.100");
            assertThat(m.sourcePort()).isEqualTo(40000);
            assertThat(m.destinationPort()).isEqualTo(3306);
        } finally {
            m.release();
        }
    }

    @Test
    void anIpv4AddressBesideAnIpv6OneIsWrittenIpv4Mapped() {
        HAProxyMessage m = ProxyHeader.of(ProxyProtocol.V2, new InetSocketAddress("10.0.0.7", 40000),
                new InetSocketAddress("fd00::100", 3306));
        try {
            assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
            assertThat(m.sourceAddress()).isEqualTo("::ffff:10.0.0.7");
        } finally {
            m.release();
        }
    }

    @Test
    void withoutIpAddressesV2SaysLocalAndV1SendsNothing() {
        HAProxyMessage m = ProxyHeader.of(ProxyProtocol.V2, null, null);
        try {
            assertThat(m.command()).isEqualTo(HAProxyCommand.LOCAL);
            assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.UNKNOWN);
        } finally {
            m.release();
        }
        assertThat(ProxyHeader.of(ProxyProtocol.V1, null, null)).isNull();
    }
}
