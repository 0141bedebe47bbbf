package io.tandem.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of an accepted client connection: asks the pool for a backend, connects to it
 * on the client's own event loop (with a timeout), tries the next backend when a connect fails,
 * waits in the virtual server's {@link ConnectQueue} when every backend it could use is full, and
 * then hands both channels to a {@link RelayHandler} each, the backend's first bytes a PROXY
 * protocol header when the virtual server says {@code proxy_protocol}. The client is not asked for data
 * until the backend is connected (auto-read is off), but epoll reads anyway when the client
 * half-closes early (EPOLLRDHUP): such bytes and the end of input are kept and passed on once
 * connected. The backend's slot is released when the client's connection closes.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(FrontendHandler.class.getName());

    private final Frontend frontend;
    /** Backends tried for this client; one in the common case, so a small list. */
    private final List<Integer> tried = new ArrayList<>(2);
    private String clientIp;
    /** What the client sent before its backend was connected (allocated when it happens). */
    private List<Object> early = List.of();
    private boolean inputShutdown;
    /** When this client's wait for a slot ends (System.nanoTime()); 0 while it never waited. */
    private long queuedUntil;

    FrontendHandler(Frontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
        connectNext(ctx);
    }

    private void connectNext(ChannelHandlerContext ctx) {
        Channel inbound = ctx.channel();
        if (!inbound.isActive()) {
            return;
        }
        BackendPool pool = frontend.pool();
        Optional<Target> next = pool.pick(clientIp, System.nanoTime(), tried);
        if (next.isPresent()) {
            connect(ctx, next.get());
        } else if (pool.service().queueTimeout().isPositive() && pool.full(tried)) {
            queue(ctx);
        } else {
            refuse(ctx);
        }
    }

    /**
     * Every backend this client could use is at its {@code uthreshold}: it waits for a slot, until
     * the virtual server's queue timeout after it first queued (a failed connect may queue it again),
     * then goes to the sorry server or is closed.
     */
    private void queue(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (queuedUntil == 0) {
            queuedUntil = now + frontend.pool().service().queueTimeout().toNanos();
        }
        ConnectQueue.Waiter w = frontend.queue().new Waiter(ctx.channel(), clientIp, tried, t -> connect(ctx, t));
        frontend.queue().add(w);
        frontend.queueNotice(false, "");
        frontend.queue().serve(); // a slot freed between the pick and the add went to nobody
        ctx.executor().schedule(() -> {
            if (w.settle() && ctx.channel().isActive()) {
                Optional<Target> sorry = frontend.pool().lastResort(tried);
                LOG.log(Level.DEBUG, "{0}: {1} waited {2} ms for a slot; none came", frontend.name(), clientIp,
                        frontend.pool().service().queueTimeout().toMillis());
                // the log line before the client sees the outcome, not after
                if (sorry.isPresent()) {
                    frontend.queueNotice(true, "went to the sorry_server");
                    connect(ctx, sorry.get());
                } else {
                    frontend.refused();
                    frontend.queueNotice(true, "was closed");
                    ctx.channel().close();
                }
            }
        }, Math.max(0, queuedUntil - now), TimeUnit.NANOSECONDS);
    }

    private void refuse(ChannelHandlerContext ctx) {
        frontend.refused();
        LOG.log(Level.DEBUG, "{0}: no backend for {1} (tried {2}); closing", frontend.name(), clientIp, tried.size());
        ctx.channel().close();
    }

    /** Connects to {@code t}, counted as active there by the pick that chose it. */
    private void connect(ChannelHandlerContext ctx, Target t) {
        Channel inbound = ctx.channel();
        if (!inbound.isActive()) {
            frontend.pool().connectFailed(t.backend()); // never connected: not a connection
            frontend.slotFreed();
            return;
        }
        tried.add(t.backend());
        // the relay is in place before the channel is registered: it sees every byte of the backend
        ChannelFuture f = frontend.connect(inbound.eventLoop(), frontend.address(t),
                new RelayHandler(inbound, frontend.bytesOut(t.backend())));
        Channel outbound = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                frontend.pool().connectFailed(t.backend());
                LOG.log(Level.DEBUG, "{0}: connect to {1}:{2} failed: {3}", frontend.name(), t.address(),
                        String.valueOf(t.port()), done.cause() == null ? "cancelled" : done.cause().getMessage());
                connectNext(ctx);
                return;
            }
            if (!inbound.isActive()) {
                frontend.pool().release(t.backend(), clientIp, System.nanoTime());
                frontend.slotFreed();
                outbound.close();
                return;
            }
            frontend.opened(t.backend(), inbound, outbound);
            inbound.closeFuture().addListener(c -> {
                frontend.pool().release(t.backend(), clientIp, System.nanoTime());
                frontend.closed(t.backend(), inbound);
                frontend.slotFreed();
            });
            if (frontend.pool().dropsConnections(t.backend())) {
                // the backend failed while this connect was under way, after its connections were
                // closed: this one goes too (registered first, so no failure can slip between)
                inbound.close();
                outbound.close();
                return;
            }
            frontend.pool().service().proxyProtocol().ifPresent(p -> {
                ProxyHeader.write(outbound, p, inbound); // the backend's first bytes
                outbound.flush();
            });
            if (!early.isEmpty()) { // before the replace: handlerRemoved releases what is left in 'early'
                early.forEach(m -> frontend.bytesIn(t.backend()).add(m instanceof io.netty.buffer.ByteBuf b ? b.readableBytes() : 0));
                early.forEach(outbound::write);
                early = List.of();
                outbound.flush();
            }
            ctx.pipeline().replace(this, "relay", new RelayHandler(outbound, frontend.bytesIn(t.backend())));
            if (inputShutdown) {
                RelayHandler.shutdownOutputAfterFlush(outbound);
            } else {
                inbound.config().setAutoRead(true);
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (early.isEmpty()) {
            early = new ArrayList<>(2);
        }
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early = List.of();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "{0}: client {1}: {2}", frontend.name(), clientIp, cause.toString());
        ctx.close();
    }
}
