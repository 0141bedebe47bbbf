package io.tandem.proxy;

import io.netty.channel.Channel;
import io.tandem.config.VirtualServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

    Frontend(BackendPool pool) {
        this.pool = pool;
        VirtualServer vs = pool.service();
        this.name = "virtual_server " + vs.address() + ":" + vs.port();
        this.clients = java.util.stream.IntStream.range(0, pool.size())
                .<Set<Channel>>mapToObj(i -> ConcurrentHashMap.newKeySet()).toList();
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
