/**
 * The only code that touches the kernel: raw VRRP sockets, addresses and link state over
 * rtnetlink, gratuitous ARP, network namespaces. All through Java's FFM API ({@code
 * java.lang.foreign}): no JNI, no helper binaries, no processes. JDK only (DESIGN.md §3, held by
 * {@code ArchitectureTest}); the JVM needs {@code --enable-native-access=ALL-UNNAMED} and the
 * process root or {@code CAP_NET_RAW} + {@code CAP_NET_ADMIN} ({@code CAP_SYS_ADMIN} for
 * {@link io.tandem.linux.NetNamespace}).
 *
 * <ul>
 *   <li>{@link io.tandem.linux.VrrpSocket}: send whole IPv4 datagrams ({@code IP_HDRINCL}) and
 *       receive them header first, multicast (224.0.0.18) or unicast, on one interface.
 *   <li>{@link io.tandem.linux.Rtnetlink}: add, delete and list IPv4 addresses
 *       ({@link io.tandem.linux.LinkAddress}), read link state ({@link io.tandem.linux.Link}).
 *   <li>{@link io.tandem.linux.LinkSubscription}: the kernel's link notifications for a set of
 *       interface names ({@link io.tandem.linux.LinkState}), with recovery when some were lost.
 *   <li>{@link io.tandem.linux.GratuitousArp}: keepalived's gratuitous ARP frame on one interface.
 *   <li>{@link io.tandem.linux.NetNamespace}: a dedicated thread inside a named network namespace,
 *       to open any of the above there (tests, several daemons in one JVM).
 * </ul>
 *
 * <p>Every failed native call becomes a {@link io.tandem.linux.NativeCallException} that names the
 * call, the errno by name and meaning, and a hint (missing interface, address in use, missing
 * privilege). Objects act in the network namespace of the thread that opened them, whatever thread
 * uses them later.
 *
 * <pre>{@code
 * VrrpSocket socket = VrrpSocket.multicast("eth0");
 * socket.send(AdvertEncoder.datagram(advert, primaryAddress, Ipv4.VRRP_GROUP, ipId));
 * byte[] buffer = new byte[VrrpSocket.MAX_DATAGRAM];
 * for (int n; (n = socket.receive(buffer)) != VrrpSocket.CLOSED; ) {
 *     loop.post(AdvertDecoder.datagram(buffer, 0, n));
 * }
 * try (Rtnetlink netlink = Rtnetlink.open(); GratuitousArp garp = GratuitousArp.open("eth0")) {
 *     netlink.addAddress(socket.interfaceIndex(), vip, 24, "eth0:vip");
 *     garp.send(vip);
 * }
 * }</pre>
 */
package io.tandem.linux;
