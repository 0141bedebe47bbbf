package io.tandem.proxy;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Optional;
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
 * else Java NIO. io_uring (also with free bind) is there to be measured: the system property
 * {@value #PROPERTY} ({@code epoll}, {@code io_uring}, {@code nio}) picks one. Chosen once per process.
 *
 * @param freeBind the option that lets a listener bind an address that is not local, if the transport has one
 */
public record Transport(String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel, Optional<ChannelOption<Boolean>> freeBind) {
    public static final String PROPERTY = "tandem.proxy.transport";

    /** The transport {@value #PROPERTY} asks for (when it loads), else epoll, else NIO. */
    public static Transport best() {
        String wanted = wanted();
        if (wanted.equals("io_uring") && IoUring.isAvailable()) {
            return ioUring();
        }
        if (wanted.equals("nio")) {
            return nio();
        }
        return Epoll.isAvailable() ? epoll() : nio();
    }

    public static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class,
                Optional.of(EpollChannelOption.IP_FREEBIND));
    }

    public static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class, Optional.of(IoUringChannelOption.IP_FREEBIND));
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
                Optional.empty());
    }

    /**
     * Makes backend sockets. For IPv4-only backends on epoll the socket is AF_INET: Netty's
     * default dual-stack AF_INET6 socket costs a setsockopt(IPV6_V6ONLY) per connection.
     */
    public io.netty.channel.ChannelFactory<? extends SocketChannel> socketFactory(boolean ipv4Only) {
        if (ipv4Only && socketChannel == EpollSocketChannel.class) {
            return () -> new EpollSocketChannel(io.netty.channel.socket.SocketProtocolFamily.INET);
        }
        return new io.netty.channel.ReflectiveChannelFactory<>(socketChannel);
    }

    /**
     * Makes listening sockets. For an IPv4 virtual server on epoll the socket is AF_INET: the
     * connections it accepts then carry IPv4 addresses instead of IPv4-mapped IPv6 ones.
     */
    public io.netty.channel.ChannelFactory<? extends ServerChannel> serverFactory(boolean ipv4) {
        if (ipv4 && serverChannel == EpollServerSocketChannel.class) {
            return () -> new EpollServerSocketChannel(io.netty.channel.socket.SocketProtocolFamily.INET);
        }
        return new io.netty.channel.ReflectiveChannelFactory<>(serverChannel);
    }

    /**
     * Why {@link #best()} did not give the transport {@value #PROPERTY} asks for (epoll when unset),
     * for the log; empty when it did.
     */
    public static Optional<String> shortfall(Transport chosen) {
        String wanted = wanted();
        if (chosen.name().equals(wanted)) {
            return Optional.empty();
        }
        String why = switch (wanted) {
            case "io_uring" -> "io_uring unavailable (" + cause(IoUring.unavailabilityCause()) + ")";
            case "epoll" -> "native epoll unavailable (" + cause(Epoll.unavailabilityCause()) + ")";
            default -> "unknown transport '" + wanted + "' in -D" + PROPERTY + " (epoll, io_uring, nio)";
        };
        return Optional.of(why + "; using " + chosen.name() + (chosen.freeBind().isEmpty() ? ", without free bind" : ""));
    }

    private static String wanted() {
        return System.getProperty(PROPERTY, "epoll");
    }

    private static String cause(Throwable t) {
        return t == null ? "no reason given" : String.valueOf(t.getMessage());
    }

    public EventLoopGroup newGroup(int threads) {
        ThreadFactory f = Thread.ofPlatform().name("tandem-proxy-", 0).daemon().factory();
        return new MultiThreadIoEventLoopGroup(threads, f, ioHandler);
    }
}
