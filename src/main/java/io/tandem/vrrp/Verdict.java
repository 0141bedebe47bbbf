package io.tandem.vrrp;

/** What {@link Expectation} and {@link Acceptance} make of a received advert: for an instance of ours, or dropped. */
public sealed interface Verdict permits Accepted, Rejected {}
