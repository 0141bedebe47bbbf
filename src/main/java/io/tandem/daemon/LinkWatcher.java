package io.tandem.daemon;

import io.tandem.linux.Link;
import io.tandem.linux.NativeCallException;
import io.tandem.linux.Rtnetlink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Polls the state of the interfaces the instances run on and track, and reports every change
 * (and the first state of each) to a sink. A missing interface counts as down. Polling, not
 * netlink events, for now: at 100 ms it costs a few microseconds per interface.
 */
final class LinkWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinkWatcher.class.getName());
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final Set<String> names;
    private final BiConsumer<String, Boolean> sink;
    private final Map<String, Boolean> last = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    LinkWatcher(Set<String> names, BiConsumer<String, Boolean> sink) {
        this.names = Set.copyOf(names);
        this.sink = sink;
        this.thread = Thread.ofPlatform().daemon().name("link-watch").unstarted(this::run);
    }

    LinkWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try (Rtnetlink netlink = Rtnetlink.open()) {
            while (!stopped) {
                for (String name : List.copyOf(names)) {
                    boolean up;
                    try {
                        Link link = netlink.link(name);
                        up = link.isUp();
                    } catch (NativeCallException e) {
                        up = false;
                    }
                    Boolean before = last.put(name, up);
                    if (before == null || before != up) {
                        if (before != null) {
                            LOG.log(up ? Level.INFO : Level.WARNING, "interface {0} is {1}", name, up ? "up" : "down");
                        }
                        sink.accept(name, up);
                    }
                }
                try {
                    Thread.sleep(INTERVAL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "link watcher stopped", e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
