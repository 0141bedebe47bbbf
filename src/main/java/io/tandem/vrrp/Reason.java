package io.tandem.vrrp;

/**
 * Why a received datagram was not taken as an advert for a local instance: one constant per rule,
 * so the daemon can count drops per reason and log them rate-limited (DESIGN.md §4, S5). The first
 * group comes from {@link AdvertDecoder} (the datagram itself is bad), the second from
 * {@link Expectation} (a good advert that is not for us, or disagrees with our configuration).
 * The keepalived 2.2 counter each one feeds is named where there is one.
 */
public enum Reason {
    // --- decoding: the datagram itself ---

    /** Fewer bytes than an IPv4 header, its options, the IP total length or the 8 fixed VRRP bytes ({@code packet_len_err}). */
    TRUNCATED,
    /** Not IPv4, IHL below 5, total length disagreeing with the bytes received, or a header checksum that does not verify. */
    IP_HEADER_INVALID,
    /** IP protocol other than 112 (RFC 3768 §5.2.4, RFC 5798 §5.1.1.4). */
    NOT_VRRP,
    /** Multicast advert with TTL other than 255 (RFC 3768 §5.2.3 and §7.1, RFC 5798 §7.1; {@code ip_ttl_err}). */
    TTL_INVALID,
    /** Version other than 2 or 3 (RFC 3768 §5.3.1, RFC 5798 §5.2.1). */
    VERSION_INVALID,
    /** Type other than ADVERTISEMENT (RFC 3768 §5.3.2, RFC 5798 §5.2.2; {@code invalid_type_rcvd}). */
    TYPE_INVALID,
    /** VRRP length other than the count of addresses implies (RFC 3768 §7.1, RFC 5798 §7.1; {@code packet_len_err}). */
    LENGTH_MISMATCH,
    /** Checksum does not verify (RFC 3768 §5.3.8, RFC 5798 §5.2.8; {@code chk_err}). */
    CHECKSUM_INVALID,
    /** VRRPv2 Auth Type other than 0 or 1 (RFC 3768 §5.3.6; {@code invalid_authtype}). */
    AUTH_TYPE_UNKNOWN,

    // --- acceptance: a well-formed advert against the local instance ---

    /** No local instance has this VRID (RFC 3768 §7.1, RFC 5798 §7.1); keepalived only logs it with {@code log_unknown_vrids}. */
    UNKNOWN_VRID,
    /** The instance speaks the other version ({@code vers_err}). */
    VERSION_MISMATCH,
    /** VRRPv2 Auth Type differs from the instance's (RFC 3768 §7.1; {@code authtype_mismatch}). */
    AUTH_TYPE_MISMATCH,
    /** VRRPv2 simple-text password differs from the instance's ({@code auth_failure}). */
    PASSWORD_MISMATCH,
    /** VRRPv2 Adver Int differs from the instance's: MUST be discarded (RFC 3768 §7.1); keepalived counts nothing. */
    ADVERT_INTERVAL_MISMATCH,
    /** Count or list of addresses differs from the instance's virtual addresses (RFC 3768 §7.1, RFC 5798 §7.1; {@code addr_list_err}). */
    ADDRESS_LIST_MISMATCH,
    /** A multicast advert for a unicast instance or the other way round ({@code addr_list_err}). */
    DELIVERY_MISMATCH
}
