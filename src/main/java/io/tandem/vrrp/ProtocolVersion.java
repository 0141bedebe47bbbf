package io.tandem.vrrp;

/**
 * The VRRP version an instance speaks. The state machine is the same; the timers differ
 * (see {@link VrrpTimers}).
 */
public enum ProtocolVersion {
    /** RFC 3768: whole-second advertisement interval, Skew_Time independent of the interval, no interval adoption. */
    V2,
    /** RFC 5798: centisecond advertisement interval; a backup adopts the master's interval (§6.4.2). */
    V3
}
