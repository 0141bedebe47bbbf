package io.tandem.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
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
    private final List<Set<Channel>> clients;
    private final Set<Channel> sorryClients = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final LongAdder[] bytesIn;
    private final LongAdder[] bytesOut;
    private final LongAdder sorryIn = new LongAdder();
    private final LongAdder sorryOut = new LongAdder();
    private final Bootstrap template;
    private final Map<EventLoop, Bootstrap> bootstraps = new ConcurrentHashMap<>();
    private final InetSocketAddress[] addresses;
    private final InetSocketAddress sorry;

    /** @param template options for backend connections; per event loop a copy bound to that loop is kept */
    Frontend(BackendPool pool, Bootstrap template) {
        this.pool = pool;
        this.template = template;
        VirtualServer vs = pool.service();
        this.addresses = vs.realServers().stream().map(r -> new InetSocketAddress(r.address(), r.port()))
                .toArray(InetSocketAddress[]::new);
        this.bytesIn = java.util.stream.Stream.generate(LongAdder::new).limit(pool.size()).toArray(LongAdder[]::new);
        this.bytesOut = java.util.stream.Stream.generate(LongAdder::new).limit(pool.size()).toArray(LongAdder[]::new);
        this.sorry = vs.sorryServer().map(s -> new InetSocketAddress(s.address(), s.port())).orElse(null);
        this.name = "virtual_server " + vs.address() + ":" + vs.port();
        this.clients = java.util.stream.IntStream.range(0, pool.size())
                .<Set<Channel>>mapToObj(i -> ConcurrentHashMap.newKeySet()).toList();
    }

    /** Backend connections of clients on {@code loop} are made on that loop (no hand-over between threads). */
    Bootstrap bootstrap(EventLoop loop) {
        return bootstraps.computeIfAbsent(loop, l -> template.clone(l));
    }

    /** The address of a target, resolved once. */
    InetSocketAddress address(Target t) {
        return t.sorry() ? sorry : addresses[t.backend()];
    }

    /** Bytes clients sent to {@code backend}. */
    LongAdder bytesIn(int backend) {
        return backend == Target.SORRY ? sorryIn : bytesIn[backend];
    }

    /** Bytes {@code backend} sent to clients. */
    LongAdder bytesOut(int backend) {
        return backend == Target.SORRY ? sorryOut : bytesOut[backend];
    }

    /** The pool's status with this frontend's byte counts. */
    FrontendStatus status() {
        List<BackendStatus> backends = new java.util.ArrayList<>();
        List<BackendStatus> fromPool = pool.status();
        for (int i = 0; i < fromPool.size(); i++) {
            backends.add(fromPool.get(i).withBytes(bytesIn[i].sum(), bytesOut[i].sum()));
        }
        return new FrontendStatus(pool.service(), pool.quorumUp(), refused.get(), sorryClients.size(), backends);
    }

    BackendPool pool() {
        return pool;
    }

    String name() {
        return name;
    }

    void opened(int backend, Channel client, Channel server) {
        set(backend).add(client);
    }

    void closed(int backend, Channel client) {
        set(backend).remove(client);
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
        return backend == Target.SORRY ? sorryClients : clients.get(backend);
    }
}
