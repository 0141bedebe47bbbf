package io.tandem.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.BootstrapConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Map;
import io.tandem.config.VirtualServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code virtual_server}'s listener side: its pool and the open client connections per backend,
 * so that a backend that fails can have its connections closed at once (clients reconnect and get
 * another). Connection sets are concurrent: event loops add and remove, checkers close.
 */
final class Frontend {
    private final BackendPool pool;
    private final String name;
    private final Map<Integer, Set<Channel>> clients = new ConcurrentHashMap<>();
    private final Set<Channel> sorryClients = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final Map<Integer, LongAdder> bytesIn = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> bytesOut = new ConcurrentHashMap<>();
    private final LongAdder sorryIn = new LongAdder();
    private final LongAdder sorryOut = new LongAdder();
    private volatile Bootstrap template;
    private final Map<Integer, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    private volatile InetSocketAddress sorry;
    private final ConnectQueue queue;
    /** When the queue was last reported in the log (System.nanoTime()), per kind; see {@link #queueNotice}. */
    private final AtomicLong waitLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong timeoutLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private static final long LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger(Frontend.class.getName());

    /** @param template channel factory and options of the backend connections (its group is not used) */
    Frontend(BackendPool pool, Bootstrap template) {
        this.pool = pool;
        this.queue = new ConnectQueue(pool);
        this.template = template;
        VirtualServer vs = pool.service();
        this.sorry = vs.sorryServer().map(s -> new InetSocketAddress(s.address(), s.port())).orElse(null);
        this.name = "virtual_server " + vs.address() + ":" + vs.port();
    }

    /**
     * After the pool took a changed configuration (SIGHUP): the sorry server and the backend
     * connect options ({@code template}) follow it; removed backends' counters go.
     */
    void reconfigured(Bootstrap template) {
        this.template = template;
        VirtualServer vs = pool.service();
        this.sorry = vs.sorryServer().map(s -> new InetSocketAddress(s.address(), s.port())).orElse(null);
        java.util.Set<Integer> ids = new java.util.HashSet<>(pool.ids());
        addresses.keySet().retainAll(ids);
        bytesIn.keySet().retainAll(ids);
        bytesOut.keySet().retainAll(ids);
        clients.entrySet().removeIf(e -> !ids.contains(e.getKey()) && e.getValue().isEmpty());
    }

    /**
     * Connects a new backend channel on {@code loop} (the client's: no hand-over between threads)
     * with {@code relay} as its handler. Unlike
     * {@link Bootstrap#connect}, which always defers the connect to a task of the loop, the
     * connect is issued at once when the registration completes on the spot (it does on the
     * loop's own thread): the SYN leaves in the round that accepted the client.
     */
    ChannelFuture connect(EventLoop loop, InetSocketAddress to, ChannelHandler relay) {
        BootstrapConfig c = template.config();
        Channel ch = c.channelFactory().newChannel();
        for (Map.Entry<ChannelOption<?>, Object> o : c.options().entrySet()) {
            @SuppressWarnings("unchecked")
            ChannelOption<Object> key = (ChannelOption<Object>) o.getKey();
            ch.config().setOption(key, o.getValue());
        }
        ch.pipeline().addLast("relay", relay);
        ChannelPromise connected = ch.newPromise();
        loop.register(ch).addListener((ChannelFutureListener) r -> {
            if (r.isSuccess()) {
                ch.connect(to, connected);
            } else {
                ch.unsafe().closeForcibly();
                connected.setFailure(r.cause());
            }
        });
        return connected;
    }

    /** The address of a target, resolved once. */
    InetSocketAddress address(Target t) {
        return t.sorry() ? sorry : addresses.computeIfAbsent(t.backend(), id -> new InetSocketAddress(t.address(), t.port()));
    }

    /** Bytes clients sent to {@code backend}. */
    LongAdder bytesIn(int backend) {
        return backend == Target.SORRY ? sorryIn : bytesIn.computeIfAbsent(backend, id -> new LongAdder());
    }

    /** Bytes {@code backend} sent to clients. */
    LongAdder bytesOut(int backend) {
        return backend == Target.SORRY ? sorryOut : bytesOut.computeIfAbsent(backend, id -> new LongAdder());
    }

    /** The pool's status with this frontend's byte counts. */
    FrontendStatus status() {
        List<BackendStatus> backends = new java.util.ArrayList<>();
        List<BackendStatus> fromPool = pool.status();
        for (BackendStatus b : fromPool) {
            backends.add(b.withBytes(bytesIn(b.id()).sum(), bytesOut(b.id()).sum()));
        }
        return new FrontendStatus(pool.service(), pool.quorumUp(), refused.get(), queue.waiting(), sorryClients.size(), backends);
    }

    BackendPool pool() {
        return pool;
    }

    String name() {
        return name;
    }

    /** Clients waiting for a slot (every backend they could use at its {@code uthreshold}). */
    ConnectQueue queue() {
        return queue;
    }

    /**
     * A client started waiting for a slot ({@code timedOut} false) or gave up waiting: one log line
     * per kind every 10 s at most, so an overload shows in the log without a line per connection.
     */
    void queueNotice(boolean timedOut, String outcome) {
        AtomicLong last = timedOut ? timeoutLogged : waitLogged;
        long now = System.nanoTime();
        long before = last.get();
        if (now - before < LOG_EVERY_NANOS || !last.compareAndSet(before, now)) {
            return;
        }
        long waitMs = pool.service().queueTimeout().toMillis();
        if (timedOut) {
            LOG.log(System.Logger.Level.WARNING, "{0}: a client waited {1} ms for a slot and {2}; refused so far: {3}"
                    + " (at most one such line per 10 s)", name, String.valueOf(waitMs), outcome, String.valueOf(refused.get()));
        } else {
            LOG.log(System.Logger.Level.INFO, "{0}: every real server a new connection could use is at its uthreshold;"
                    + " new connections wait for a slot, up to {1} ms ({2} waiting; at most one such line per 10 s)",
                    name, String.valueOf(waitMs), String.valueOf(queue.waiting()));
        }
    }

    /** A connection to a backend ended: a client waiting for a slot may get it. */
    void slotFreed() {
        if (queue.waiting() > 0) {
            queue.serve();
        }
    }

    void opened(int backend, Channel client, Channel server) {
        set(backend).add(client);
    }

    void closed(int backend, Channel client) {
        Set<Channel> s = backend == Target.SORRY ? sorryClients : clients.get(backend);
        if (s != null) {
            s.remove(client);
        }
    }

    void refused() {
        refused.incrementAndGet();
    }

    long refusedCount() {
        return refused.get();
    }

    /** Closes every client connection relayed to {@code backend} (its relay closes the backend side). */
    int closeAll(int backend) {
        int n = 0;
        for (Channel c : set(backend)) {
            c.close();
            n++;
        }
        return n;
    }

    private Set<Channel> set(int backend) {
        return backend == Target.SORRY ? sorryClients : clients.computeIfAbsent(backend, id -> ConcurrentHashMap.newKeySet());
    }
}
