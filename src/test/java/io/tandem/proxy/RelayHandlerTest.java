package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The relay's contract on embedded channels: bytes pass and are flushed once per read batch,
 * reading stops while the peer has too much queued and resumes when it drained, a failed write
 * closes both sides, buffers are never leaked.
 */
@ExtendWith(LeakWatch.class)
class RelayHandlerTest {

    /** Fails every write, as a reset connection does. */
    static final class Fail extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new java.io.IOException("broken pipe"));
        }
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static EmbeddedChannel relaying(EmbeddedChannel peer) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new RelayHandler(peer));
        return ch;
    }

    /** Two channels relaying to each other, as a client and its backend are. */
    private static EmbeddedChannel[] pair() {
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel backend = new EmbeddedChannel();
        client.pipeline().addLast(new RelayHandler(backend));
        backend.pipeline().addLast(new RelayHandler(client));
        return new EmbeddedChannel[] {client, backend};
    }

    @Test
    void bytesReachThePeerAndAreFlushedAtTheEndOfTheBatch() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel client = relaying(peer);
        ByteBuf in = bytes("SELECT 1");
        client.pipeline().fireChannelRead(in);
        assertThat((Object) peer.readOutbound()).as("not flushed before the batch ends").isNull();
        client.pipeline().fireChannelReadComplete();
        ByteBuf out = peer.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("SELECT 1");
        out.release();
        assertThat(in.refCnt()).isZero();
        assertThat(client.config().isAutoRead()).as("reading goes on by itself").isTrue();
        client.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    @Test
    void readingStopsWhileThePeerHasTooMuchQueuedAndResumesWhenItDrained() {
        EmbeddedChannel[] p = pair();
        EmbeddedChannel client = p[0];
        EmbeddedChannel backend = p[1];
        backend.config().setWriteBufferWaterMark(new WriteBufferWaterMark(500, 1000));
        client.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[400]));
        assertThat(client.config().isAutoRead()).as("400 bytes queued: below the high water mark").isTrue();
        client.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[600]));
        assertThat(backend.isWritable()).isFalse();
        assertThat(client.config().isAutoRead()).as("1,000 bytes and the entries' overhead queued: back-pressure").isFalse();
        client.pipeline().fireChannelReadComplete();   // the flush drains the backend's buffer
        assertThat(backend.isWritable()).isTrue();
        assertThat(client.config().isAutoRead()).as("drained: the backend's relay lets the client read again").isTrue();
        assertThat(backend.outboundMessages()).hasSize(2);
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }

    @Test
    void aFailedWriteClosesBothSides() {
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel backend = new EmbeddedChannel();
        client.pipeline().addLast(new RelayHandler(backend));
        backend.pipeline().addLast(new Fail(), new RelayHandler(client));
        client.writeInbound(bytes("x"));
        client.runPendingTasks();
        backend.runPendingTasks();
        assertThat(backend.isOpen()).as("the failed write failed the backend's pipeline").isFalse();
        assertThat(client.isOpen()).as("and its relay closed the client").isFalse();
    }

    @Test
    void bytesForAClosedPeerAreReleasedAndTheClientClosed() {
        EmbeddedChannel peer = new EmbeddedChannel();
        peer.close();
        EmbeddedChannel client = relaying(peer);
        ByteBuf in = bytes("late");
        client.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void whenOneSideClosesThePeerIsClosedAfterItsPendingBytes() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel client = relaying(peer);
        client.writeInbound(bytes("last words"));
        client.close();
        peer.runPendingTasks();
        ByteBuf out = peer.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("last words");
        out.release();
        assertThat(peer.isOpen()).isFalse();
        peer.finishAndReleaseAll();
    }

    @Test
    void anExceptionClosesTheChannelAndThenThePeer() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel client = relaying(peer);
        client.pipeline().fireExceptionCaught(new java.io.IOException("connection reset"));
        peer.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat(peer.isOpen()).isFalse();
    }
}
