package io.tandem.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Sends gratuitous ARP requests for virtual IPs out of one interface, frame for frame as keepalived
 * 2.2 does when it becomes MASTER (captured in {@code shared/vectors}, README "GARP frame"):
 *
 * <pre>
 * ff:ff:ff:ff:ff:ff  MAC  0806 | 0001 0800 06 04 0001 | MAC  VIP | ff:ff:ff:ff:ff:ff  VIP
 * Ethernet broadcast, source  | ARP request, IPv4    | sender    | target: broadcast hardware address
 * </pre>
 *
 * 42 bytes, no padding (the NIC pads short frames on real Ethernet; veth does not), the interface's
 * own MAC as source and sender, never the VRRP virtual MAC.
 *
 * <p>An {@code AF_PACKET}/{@code SOCK_RAW} socket: the frame is sent as built, to the interface's
 * index with EtherType {@code ETH_P_ARP} in the {@code sockaddr_ll}. The socket is opened with
 * protocol 0 so that it receives nothing (with {@code ETH_P_ARP} it would queue a copy of every ARP
 * frame on the host). The MAC is read once, at {@link #open}, with {@code SIOCGIFHWADDR} on this
 * socket, so it is the MAC in the socket's namespace ({@code /sys/class/net} may show another one).
 *
 * <p>Thread safety: any thread may send; {@link #close} waits for a send in progress.
 */
public final class GratuitousArp implements AutoCloseable {
    /** Ethernet header (14) plus an Ethernet/IPv4 ARP packet (28). */
    public static final int FRAME_LENGTH = 42;
    /** EtherType of ARP. */
    public static final int ETH_P_ARP = 0x0806;
    private static final int ARPHRD_ETHER = 1;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private final String interfaceName;
    private final int interfaceIndex;
    private final byte[] mac;
    private final SharedFds fds;

    private GratuitousArp(String interfaceName, int interfaceIndex, byte[] mac, int fd) {
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
        this.mac = mac;
        this.fds = new SharedFds(() -> {}, fd);
    }

    /**
     * Opens a packet socket for {@code interfaceName}, looked up in the calling thread's network
     * namespace, and reads its MAC.
     *
     * @throws NativeCallException   ENODEV when there is no such interface, EPERM without CAP_NET_RAW
     * @throws IllegalStateException when the interface is not Ethernet
     */
    public static GratuitousArp open(String interfaceName) {
        LibC.checkInterfaceName(interfaceName);
        int ifindex = LibC.ifNameToIndex(interfaceName);
        int fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0, "for gratuitous ARP on " + interfaceName);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = KernelStructs.ifreq(arena, interfaceName);
            LibC.ioctl(fd, LibC.SIOCGIFHWADDR, ifreq, "SIOCGIFHWADDR", "for " + interfaceName);
            int hardwareType = ifreq.get(ValueLayout.JAVA_SHORT, KernelStructs.IFREQ_HWADDR_DATA - 2) & 0xffff;
            if (hardwareType != ARPHRD_ETHER) {
                throw new IllegalStateException(interfaceName + " is not Ethernet (ARPHRD " + hardwareType
                        + "): no gratuitous ARP");
            }
            byte[] mac = ifreq.asSlice(KernelStructs.IFREQ_HWADDR_DATA, 6).toArray(ValueLayout.JAVA_BYTE);
            return new GratuitousArp(interfaceName, ifindex, mac, fd);
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /**
     * keepalived's gratuitous ARP frame for {@code address} from {@code senderMac}: Ethernet
     * broadcast, ARP request, sender = target = {@code address}, target hardware address broadcast.
     */
    public static byte[] frame(byte[] senderMac, Inet4Address address) {
        Objects.requireNonNull(address, "address");
        if (senderMac.length != 6) {
            throw new IllegalArgumentException("an Ethernet MAC has 6 bytes, not " + senderMac.length);
        }
        byte[] ip = address.getAddress();
        byte[] f = new byte[FRAME_LENGTH];
        System.arraycopy(BROADCAST, 0, f, 0, 6);    // Ethernet destination
        System.arraycopy(senderMac, 0, f, 6, 6);    // Ethernet source
        f[12] = 0x08;                                // EtherType ARP
        f[13] = 0x06;
        f[15] = 0x01;                                // hardware type Ethernet
        f[16] = 0x08;                                // protocol type IPv4
        f[18] = 6;                                   // hardware address length
        f[19] = 4;                                   // protocol address length
        f[21] = 0x01;                                // operation: request
        System.arraycopy(senderMac, 0, f, 22, 6);   // sender hardware address
        System.arraycopy(ip, 0, f, 28, 4);          // sender protocol address = VIP
        System.arraycopy(BROADCAST, 0, f, 32, 6);   // target hardware address: ff:ff:ff:ff:ff:ff as keepalived
        System.arraycopy(ip, 0, f, 38, 4);          // target protocol address = VIP
        return f;
    }

    /** The interface. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The interface's index in the socket's namespace. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The interface's MAC as read at {@link #open}. */
    public byte[] macAddress() {
        return mac.clone();
    }

    /**
     * Sends one gratuitous ARP request for {@code address}. keepalived sends 5 per VIP on becoming
     * MASTER and 5 more after {@code garp_master_delay}: the caller repeats.
     *
     * @throws IllegalStateException after {@link #close}
     * @throws NativeCallException   e.g. ENETDOWN when the interface is down, ENXIO when it was removed
     */
    public void send(Inet4Address address) {
        byte[] frame = frame(mac, address);
        if (!fds.enter()) {
            throw new IllegalStateException(this + " is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(FRAME_LENGTH);
            MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 0, FRAME_LENGTH);
            MemorySegment to = KernelStructs.sockaddrLl(arena, interfaceIndex, ETH_P_ARP, BROADCAST);
            LibC.sendto(fds.fd(0), buffer, FRAME_LENGTH, to,
                    "of gratuitous ARP for " + address.getHostAddress() + " on " + interfaceName);
        } finally {
            fds.exit();
        }
    }

    /**
     * Goes through everything {@link #send} does, system call included, but addressed to
     * interface index 0, which the kernel refuses (ENXIO) before any frame leaves: it warms a
     * young JVM's code path so the first real burst, at a takeover, is not slowed by it.
     * Announces nothing.
     */
    public void rehearse(Inet4Address address) {
        byte[] frame = frame(mac, address);
        if (!fds.enter()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(FRAME_LENGTH);
            MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 0, FRAME_LENGTH);
            MemorySegment to = KernelStructs.sockaddrLl(arena, 0, ETH_P_ARP, BROADCAST);
            LibC.sendto(fds.fd(0), buffer, FRAME_LENGTH, to, "of a rehearsed gratuitous ARP");
        } catch (NativeCallException expected) {
            // ENXIO: no interface 0, nothing sent
        } finally {
            fds.exit();
        }
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() {
        fds.close(() -> {});
    }

    @Override
    public String toString() {
        return "GratuitousArp[" + interfaceName + " #" + interfaceIndex + " " + HexFormat.ofDelimiter(":").formatHex(mac) + "]";
    }
}
