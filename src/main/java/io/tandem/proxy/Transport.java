package io.tandem.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Native epoll when its library loads (free bind on a VIP that is not local yet, fewer copies),
 * else Java NIO. Chosen once per process.
 */
public record Transport(String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel, boolean freeBind) {

    public static Transport best() {
        return Epoll.isAvailable() ? epoll() : nio();
    }

    public static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class, true);
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class, false);
    }

    /** Why epoll is not used, for the log. */
    public static String epollUnavailability() {
        Throwable t = Epoll.unavailabilityCause();
        return t == null ? "available" : String.valueOf(t.getMessage());
    }

    public EventLoopGroup newGroup(int threads) {
        ThreadFactory f = Thread.ofPlatform().name("tandem-proxy-", 0).daemon().factory();
        return new MultiThreadIoEventLoopGroup(threads, f, ioHandler);
    }
}
