package io.tandem.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void addressesAndPatternsFollowTheThirdOctet() throws Exception {
        Subnet subnet = Subnet.of(7);
        assertThat(subnet).hasToString("10.231.7.0/24");
        assertThat(subnet.address(11).getHostAddress()).isEqualTo("10.231.7.11");
        assertThat(subnet.contains(InetAddress.getByName("10.231.7.200"))).isTrue();
        assertThat(subnet.contains(InetAddress.getByName("10.231.8.11"))).isFalse();
        assertThat(subnet.sqlHostPattern()).isEqualTo("10.231.7.%");
        assertThatThrownBy(() -> subnet.address(255)).isInstanceOf(IllegalArgumentException.class);
    }
}
