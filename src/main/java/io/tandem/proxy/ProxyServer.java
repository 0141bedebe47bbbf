package io.tandem.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.tandem.config.VirtualServer;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The load balancer's sockets: one listener per {@code virtual_server ADDR PORT} (with free bind
 * under epoll, so a standby can listen on a VIP it does not hold yet), one event-loop group shared
 * by listeners, clients and backends (a backend connection lives on its client's loop: no locks,
 * no hand-over). A listener that cannot bind is logged and the others still run.
 */
public final class ProxyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());


    private final Transport transport;
    private final EventLoopGroup group;
    private final List<Frontend> frontends = new ArrayList<>();
    private final java.util.Map<Frontend, Channel> listeners = new java.util.HashMap<>();

    public ProxyServer(Transport transport, int threads) {
        this.transport = transport;
        this.group = transport.newGroup(threads);
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Starts listening for {@code pool}'s virtual server.
     *
     * @return the bound address (port 0 in the configuration gives an ephemeral port, for tests)
     * @throws ProxyException when the listener cannot be bound
     */
    public InetSocketAddress listen(BackendPool pool) {
        VirtualServer vs = pool.service();
        Frontend frontend = new Frontend(pool, backendTemplate(vs));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.serverFactory(isIpv4Literal(vs.address())))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frontend", new FrontendHandler(frontend));
                    }
                });
        transport.freeBind().ifPresent(o -> b.option(o, true));
        InetSocketAddress at = new InetSocketAddress(vs.address(), vs.port());
        try {
            Channel ch = b.bind(at).syncUninterruptibly().channel();
            synchronized (this) {
                listeners.put(frontend, ch);
                frontends.add(frontend);
            }
            InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
            LOG.log(Level.INFO, "virtual_server {0}:{1}: listening ({2}, {3}, {4} real servers)", vs.address(),
                    String.valueOf(bound.getPort()), transport.name(), vs.lbAlgo(), String.valueOf(pool.size()));
            return bound;
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked-style: catch it too
            throw new ProxyException("virtual_server " + vs.address() + ":" + vs.port() + ": cannot listen: " + e.getMessage()
                    + privilegedPortHint(vs.port(), e), e);
        }
    }

    /**
     * What to do when a port below 1024 is refused: the packaged service runs as {@code tandem}
     * with only CAP_NET_RAW and CAP_NET_ADMIN.
     */
    static String privilegedPortHint(int port, Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (port >= 1024 || !(m.contains("Permission denied") || m.contains("EACCES"))) {
            return "";
        }
        return " (ports below 1024 need CAP_NET_BIND_SERVICE: add it to AmbientCapabilities and"
                + " CapabilityBoundingSet in a drop-in for tandem.service)";
    }

    /**
     * Channel factory and options of the connections to {@code vs}'s backends, with its connect
     * timeout ({@code proxy_connect_timeout}); {@link Frontend#connect} makes the channels (no
     * Bootstrap connect, so no resolver: addresses are IP literals, resolved once per backend).
     */
    private Bootstrap backendTemplate(VirtualServer vs) {
        boolean ipv4 = java.util.stream.Stream.concat(vs.realServers().stream().map(VirtualServer.RealServer::address),
                vs.sorryServer().stream().map(s -> s.address())).allMatch(ProxyServer::isIpv4Literal);
        return new Bootstrap()
                .channelFactory(transport.socketFactory(ipv4))
                // The backend is read from the moment it is connected (its relay is in place before
                // connect() is called): one epoll change fewer than turning reading on afterwards.
                .option(ChannelOption.AUTO_READ, true)
                // A backend's end of input ends its session: the channel closes at once and the
                // relay closes the client after the last bytes (no shutdown(SHUT_RD), no epoll
                // change first: 6 system calls fewer per connection). The client's side keeps
                // half-close, which is what clients do (send, shut down sending, read the reply).
                .option(ChannelOption.ALLOW_HALF_CLOSURE, false)
                // TCP_NODELAY is Netty's default on Linux: setting it again costs a setsockopt per connection
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1, vs.connectTimeout().toMillis())));
    }

    private static boolean isIpv4Literal(String address) {
        return address.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) && address.chars().filter(c -> c == '.').count() == 3;
    }

    /**
     * Applies a changed configuration of a listening virtual server (same address and port) in
     * place: the listener and every open connection stay; see {@link BackendPool#update}.
     */
    public BackendPool.Update update(BackendPool pool, VirtualServer next) {
        BackendPool.Update u = pool.update(next);
        Frontend f = frontendOf(pool);
        if (f != null) {
            f.reconfigured(backendTemplate(next));
            closeFailed(f, u.events());
        }
        return u;
    }

    /**
     * Stops listening for {@code pool}'s virtual server (it left the configuration); connections
     * already relayed run on until either side closes them.
     */
    public void unlisten(BackendPool pool) {
        Channel ch;
        synchronized (this) {
            Frontend f = frontendOf(pool);
            if (f == null) {
                return;
            }
            frontends.remove(f);
            ch = listeners.remove(f);
        }
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    /**
     * Feeds a checker's verdict to {@code pool}; closes the connections of a backend that failed
     * (unless it is only inhibited) and returns what changed, for the log and notify scripts.
     */
    public List<PoolEvent> report(BackendPool pool, int backend, int checker, Health health) {
        List<PoolEvent> events = pool.report(backend, checker, health);
        Frontend f = frontendOf(pool);
        if (f != null) {
            closeFailed(f, events);
        }
        return events;
    }

    private static void closeFailed(Frontend f, List<PoolEvent> events) {
        for (PoolEvent e : events) {
            if (e instanceof PoolEvent.BackendDown d && d.closeConnections()) {
                int n = f.closeAll(d.backend());
                if (n > 0) {
                    LOG.log(Level.INFO, "{0}: closed {1} connection(s) to failed {2}:{3}", f.name(), String.valueOf(n),
                            d.server().address(), String.valueOf(d.server().port()));
                }
            }
        }
    }

    /**
     * Whether {@code pool}'s virtual server is serving: its listener is open, its event loop runs a
     * task within {@code timeout} (a stuck loop accepts nothing), and a new connection has
     * somewhere to go (quorum, or a sorry server). Empty when it serves, else why not.
     */
    public Optional<String> problem(BackendPool pool, Duration timeout) {
        Channel ch;
        synchronized (this) {
            Frontend f = frontendOf(pool);
            ch = f == null ? null : listeners.get(f);
        }
        if (ch == null || !ch.isActive()) {
            return Optional.of("not listening");
        }
        io.netty.util.concurrent.Future<?> ran = ch.eventLoop().submit(() -> { });
        if (!ran.awaitUninterruptibly(Math.max(1, timeout.toMillis()))) {
            return Optional.of("its event loop did not run a task within " + timeout.toMillis() + " ms");
        }
        if (!pool.quorumUp() && pool.service().sorryServer().isEmpty()) {
            return Optional.of("no real server can take a connection (quorum " + pool.service().quorum() + " not reached) and no sorry_server");
        }
        return Optional.empty();
    }

    /** Every listening virtual server and its backends, for the status output. */
    public List<FrontendStatus> status() {
        List<Frontend> all;
        synchronized (this) { // not held while a pool's lock is taken: a checker holds a pool's lock, then this one
            all = List.copyOf(frontends);
        }
        return all.stream().map(Frontend::status).toList();
    }

    private synchronized Frontend frontendOf(BackendPool pool) {
        for (Frontend f : frontends) {
            if (f.pool() == pool) {
                return f;
            }
        }
        return null;
    }

    /** Stops listening, closes every connection and the event loops (bounded wait). */
    @Override
    public void close() {
        synchronized (this) {
            listeners.values().forEach(Channel::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
