/**
 * The read load balancer: keepalived's {@code virtual_server} served by a user-space TCP proxy
 * (Netty, native epoll where it loads). Balancing and pool state ({@link io.tandem.proxy.BackendPool},
 * {@link io.tandem.proxy.Scheduler}) are plain code with time passed in, so they are tested without
 * sockets; the Netty side ({@link io.tandem.proxy.ProxyServer}) only asks the pool and relays bytes.
 * Health checks live in {@code io.tandem.check}; the daemon feeds their results in as {@link io.tandem.proxy.Health}.
 */
package io.tandem.proxy;
