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
 * Copies what one side reads to the other, with back-pressure by writability: both channels read
 * on their own (auto-read) while the peer takes the bytes; when the peer's outbound buffer passes
 * its high water mark, this side stops reading, and it reads again when the peer drains below the
 * low water mark ({@link #channelWritabilityChanged} of the peer's relay turns it back on). Reads
 * are not re-armed per batch, so a relayed request and its answer cost no epoll registration
 * changes unless a side is slow (haproxy's way too). A write that fails fails the peer's pipeline
 * (void promise), whose relay closes it and then this side. End of input on one side becomes a
 * shutdown of output on the other once pending data is flushed (half-close: a client may send,
 * close its sending side and still read the reply); a channel whose both directions are shut is
 * closed. A channel that closes closes its peer after flushing what was already written.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(RelayHandler.class.getName());

    private final Channel peer;
    private final LongAdder bytes;
    private boolean written;

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
        peer.write(msg, peer.voidPromise());
        written = true;
        if (!peer.isWritable()) {
            // the peer has enough queued: stop reading (also ends this read batch)
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (written) {
            written = false;
            peer.flush();
        }
    }

    /** This channel's writability changed: the peer, which writes into it, may read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer.isActive() && !inputShutdown(peer)) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
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
