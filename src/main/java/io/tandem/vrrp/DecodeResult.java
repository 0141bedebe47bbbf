package io.tandem.vrrp;

/** What {@link AdvertDecoder} makes of a datagram: a well-formed advert, or the reason it is not one. */
public sealed interface DecodeResult permits Received, Rejected {}
