package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay's contract on embedded channels: bytes pass, reads follow successful writes, buffers are never leaked. */
@ExtendWith(LeakWatch.class)
class RelayHandlerTest {

    /** Counts read() requests on a channel. */
    static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int reads;

        @Override
        public void read(ChannelHandlerContext ctx) {
            reads++;
            ctx.read();
        }
    }

    /** Holds writes (and their promises) instead of completing them: a slow peer. */
    static final class Stall extends ChannelOutboundHandlerAdapter {
        final List<Object> msgs = new ArrayList<>();
        final List<ChannelPromise> promises = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            msgs.add(msg);
            promises.add(promise);
        }
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static EmbeddedChannel relaying(EmbeddedChannel peer, ReadCounter reads) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(reads, new RelayHandler(peer));
        return ch;
    }

    @Test
    void bytesReachThePeerAndTheNextReadFollowsTheWrite() {
        EmbeddedChannel peer = new EmbeddedChannel();
        ReadCounter reads = new ReadCounter();
        EmbeddedChannel client = relaying(peer, reads);
        ByteBuf in = bytes("SELECT 1");
        client.writeInbound(in);
        ByteBuf out = peer.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("SELECT 1");
        assertThat(reads.reads).as("one read asked for after the batch was written").isEqualTo(1);
        out.release();
        assertThat(in.refCnt()).isZero();
        client.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    @Test
    void noReadWhileThePeerHasNotTakenTheBytes() {
        Stall stall = new Stall();
        EmbeddedChannel peer = new EmbeddedChannel(stall);
        ReadCounter reads = new ReadCounter();
        EmbeddedChannel client = relaying(peer, reads);
        client.writeInbound(bytes("a"), bytes("b"));
        assertThat(stall.msgs).hasSize(2);
        assertThat(reads.reads).as("back-pressure: nothing more is read before the write completes").isZero();
        stall.promises.get(0).setSuccess();
        assertThat(reads.reads).as("the batch's last write decides").isZero();
        stall.promises.get(1).setSuccess();
        assertThat(reads.reads).isEqualTo(1);
        stall.msgs.forEach(m -> ((ByteBuf) m).release());
        client.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    @Test
    void aFailedWriteClosesBothSides() {
        Stall stall = new Stall();
        EmbeddedChannel peer = new EmbeddedChannel(stall);
        ReadCounter reads = new ReadCounter();
        EmbeddedChannel client = relaying(peer, reads);
        client.writeInbound(bytes("x"));
        ((ByteBuf) stall.msgs.getFirst()).release();
        stall.promises.getFirst().setFailure(new java.io.IOException("broken pipe"));
        client.runPendingTasks();
        peer.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat(peer.isOpen()).isFalse();
        assertThat(reads.reads).isZero();
    }

    @Test
    void bytesForAClosedPeerAreReleasedAndTheClientClosed() {
        EmbeddedChannel peer = new EmbeddedChannel();
        peer.close();
        EmbeddedChannel client = relaying(peer, new ReadCounter());
        ByteBuf in = bytes("late");
        client.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void whenOneSideClosesThePeerIsClosedAfterItsPendingBytes() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel client = relaying(peer, new ReadCounter());
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
        EmbeddedChannel client = relaying(peer, new ReadCounter());
        client.pipeline().fireExceptionCaught(new java.io.IOException("connection reset"));
        peer.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat(peer.isOpen()).isFalse();
    }
}
