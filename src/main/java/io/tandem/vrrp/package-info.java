/**
 * VRRP for Tandem: the packet codec now, the timers and the state machine next. Pure: JDK only, no
 * I/O, no threads, no clock (DESIGN.md §3, held by {@code ArchitectureTest}).
 *
 * <h2>Codec</h2>
 * <ul>
 *   <li>{@link io.tandem.vrrp.Advert} is one ADVERTISEMENT, v2 (RFC 3768) or v3 (RFC 5798), with
 *       its v2 {@link io.tandem.vrrp.Auth}.
 *   <li>{@link io.tandem.vrrp.AdvertEncoder} makes the VRRP message, or a whole IPv4 datagram with
 *       the header keepalived 2.2 builds itself ({@code IP_HDRINCL}); {@link io.tandem.vrrp.Ipv4}
 *       holds the IP-level numbers and the per-instance IP identification counter rule.
 *   <li>{@link io.tandem.vrrp.AdvertDecoder} reads what a raw socket delivers (or a bare message),
 *       never throws on content, and returns a {@link io.tandem.vrrp.DecodeResult}:
 *       {@link io.tandem.vrrp.Received} or {@link io.tandem.vrrp.Rejected}.
 *   <li>{@link io.tandem.vrrp.Expectation} (one local instance) and
 *       {@link io.tandem.vrrp.Acceptance} (the instances on one socket, by VRID) turn a received
 *       advert into a {@link io.tandem.vrrp.Verdict}: {@link io.tandem.vrrp.Accepted} or
 *       {@link io.tandem.vrrp.Rejected}. Every drop has a {@link io.tandem.vrrp.Reason} to count.
 * </ul>
 *
 * <h2>Sync groups</h2>
 * A {@code vrrp_sync_group}'s members run {@link io.tandem.vrrp.VrrpInstanceMachine}s with a
 * {@link io.tandem.vrrp.GroupMembership}; the pure {@link io.tandem.vrrp.SyncGroup} is shown each
 * member's {@link io.tandem.vrrp.Step} and answers with {@link io.tandem.vrrp.GroupAction}s: events
 * ({@link io.tandem.vrrp.Event.SyncedTo}) to feed to members at once, and the group's own
 * transition and notification.
 *
 * <pre>{@code
 * // receive: one raw-socket datagram in, one verdict out
 * switch (acceptance.check(AdvertDecoder.datagram(buffer, 0, n))) {
 *     case Accepted a -> loop.post(a);                     // for the state machine of a.instance()
 *     case Rejected r -> drops.count(r.reason(), r.detail()); // counted per reason, logged rate-limited
 * }
 * // send: the instance's advert at its effective priority, keepalived's IP ID sequence
 * ipId = Ipv4.nextIdentification(ipId);
 * byte[] datagram = AdvertEncoder.datagram(instance.advert(priority), primaryAddress, Ipv4.VRRP_GROUP, ipId);
 * }</pre>
 */
package io.tandem.vrrp;
