package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Error messages name the call, the errno by name and meaning, and a hint an operator can act on. */
class NativeCallExceptionTest {
    @Test
    void namesTheCallTheErrnoAndItsMeaning() {
        NativeCallException e = new NativeCallException("setsockopt(IP_ADD_MEMBERSHIP)", "on eth7", Errno.ENODEV);
        assertThat(e.getMessage())
                .isEqualTo("setsockopt(IP_ADD_MEMBERSHIP) on eth7 failed: ENODEV (No such device): interface missing");
        assertThat(e.call()).isEqualTo("setsockopt(IP_ADD_MEMBERSHIP)");
        assertThat(e.errno()).isEqualTo(19);
        assertThat(e.errnoName()).isEqualTo("ENODEV");
    }

    @Test
    void hintsForPrivilegeAndAddressesInUse() {
        assertThat(new NativeCallException("socket", "", Errno.EPERM).getMessage())
                .isEqualTo("socket failed: EPERM (Operation not permitted): needs root or CAP_NET_RAW/CAP_NET_ADMIN");
        assertThat(new NativeCallException("bind", null, Errno.EACCES).getMessage())
                .endsWith("EACCES (Permission denied): needs root or CAP_NET_RAW/CAP_NET_ADMIN");
        assertThat(new NativeCallException("RTM_NEWADDR", "of 10.0.0.1/24", Errno.EEXIST).getMessage())
                .isEqualTo("RTM_NEWADDR of 10.0.0.1/24 failed: EEXIST (File exists): address in use");
        assertThat(new NativeCallException("bind", "", Errno.EADDRINUSE).getMessage()).endsWith(": address in use");
    }

    @Test
    void kernelTextComesBeforeTheHint() {
        assertThat(new NativeCallException("RTM_DELADDR", "of x", Errno.EADDRNOTAVAIL, "no such address").getMessage())
                .isEqualTo("RTM_DELADDR of x failed: EADDRNOTAVAIL (Cannot assign requested address): kernel says"
                        + " \"no such address\": address not configured there");
    }

    @Test
    void unknownErrnoIsStillAMessage() {
        assertThat(new NativeCallException("poll", "", 4711).getMessage()).isEqualTo("poll failed: errno 4711 (unknown error)");
        assertThat(new NativeCallException("poll", "", Errno.EINVAL).getMessage())
                .isEqualTo("poll failed: EINVAL (Invalid argument)");
    }

    @Test
    void interfaceLookupFailsWithENODEV() {
        assertThatThrownBy(() -> LibC.ifNameToIndex("tdmnosuch0"))
                .isInstanceOfSatisfying(NativeCallException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"))
                .hasMessage("if_nametoindex for tdmnosuch0 failed: ENODEV (No such device): interface missing");
        assertThat(LibC.ifNameToIndex("lo")).isEqualTo(1);
    }

    @Test
    void interfaceNamesTheKernelWouldRejectAreArgumentErrors() {
        for (String bad : new String[] {"", ".", "..", "eth0:vip", "a/b", "a b", "abcdefghijklmnop", "x\0"}) {
            assertThatThrownBy(() -> LibC.checkInterfaceName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        LibC.checkInterfaceName("abcdefghijklmno"); // 15 bytes: the most the kernel takes
        assertThatThrownBy(() -> VrrpSocket.multicast("eth0:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an interface name");
    }
}
