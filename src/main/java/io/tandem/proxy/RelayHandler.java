package io.tandem.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies what one side reads to the other, with back-pressure: auto-read is off on both channels,
 * and the next read is asked for only after the previous batch was written to the peer (Netty's
 * proxy example). A buffer passed on belongs to the peer's write; one that cannot be written is
 * released here. End of input on one side becomes a shutdown of output on the other once pending
 * data is flushed (half-close: a client may send, close its sending side and still read the reply);
 * a channel whose both directions are shut is closed. A channel that closes closes its peer after
 * flushing what was already written.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(RelayHandler.class.getName());

    private final Channel peer;
    private final LongAdder bytes;
    private ChannelFuture lastWrite;

    RelayHandler(Channel peer) {
        this(peer, new LongAdder());
    }

    /** @param bytes counts what this side reads and passes on */
    RelayHandler(Channel peer, LongAdder bytes) {
        this.peer = peer;
        this.bytes = bytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof io.netty.buffer.ByteBuf b) {
            bytes.add(b.readableBytes());
        }
        lastWrite = peer.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ChannelFuture w = lastWrite;
        lastWrite = null;
        if (w == null) {
            // nothing read in this batch (or the peer is gone): ask again only if we are still relaying
            if (peer.isActive() && !inputShutdown(ctx.channel())) {
                ctx.read();
            }
            return;
        }
        peer.flush();
        w.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                if (!inputShutdown(ctx.channel())) {
                    ctx.channel().read();
                }
            } else {
                LOG.log(Level.DEBUG, "relay write to {0} failed: {1}", peer.remoteAddress(), f.cause());
                f.channel().close();
                ctx.channel().close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            shutdownOutputAfterFlush(peer);
            closeIfBothShut(ctx.channel());
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "relay {0}: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static boolean inputShutdown(Channel ch) {
        return ch instanceof DuplexChannel d && d.isInputShutdown();
    }

    static void shutdownOutputAfterFlush(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (ch instanceof DuplexChannel d && f.isSuccess()) {
                d.shutdownOutput().addListener((ChannelFutureListener) s -> closeIfBothShut(ch));
            } else {
                ch.close();
            }
        });
    }

    static void closeIfBothShut(Channel ch) {
        if (ch instanceof DuplexChannel d && d.isInputShutdown() && d.isOutputShutdown()) {
            ch.close();
        }
    }

    /** Closes {@code ch} once everything written to it so far is flushed. */
    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
