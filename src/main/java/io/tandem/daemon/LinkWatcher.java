package io.tandem.daemon;

import io.tandem.linux.LinkState;
import io.tandem.linux.LinkSubscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Follows the interfaces the instances run on and track, and reports every change of "up" (and
 * the first state of each) to a sink. It reads each interface once, then waits for the kernel's
 * link notifications ({@link LinkSubscription}, as keepalived does), so a link going down reaches
 * the control loop within a thread wake-up instead of a polling interval. An interface that does
 * not exist counts as down; one created later is reported when it appears, one deleted as down.
 * Every {@link #RESYNC} it reads all of them again anyway: a safety net that costs a few
 * microseconds per interface. A failure of the netlink sockets is logged and the watcher starts
 * over after {@link #RETRY}; it never stops the daemon.
 */
final class LinkWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinkWatcher.class.getName());
    static final Duration RESYNC = Duration.ofSeconds(5);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final Set<String> names;
    private final BiConsumer<String, Boolean> sink;
    private final Map<String, Boolean> last = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private LinkSubscription subscription; // guarded by this
    private long failures; // in a row; watcher thread only

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
        while (!stopped) {
            try {
                watch();
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                failures++;
                if (Long.bitCount(failures) == 1) { // 1st, 2nd, 4th, 8th ... failure in a row: no log flood
                    LOG.log(Level.ERROR, "link watcher failed (" + failures + " times in a row), starting over in "
                            + RETRY.toMillis() + " ms", e);
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void watch() {
        LinkSubscription s = LinkSubscription.open(names);
        synchronized (this) {
            if (stopped) {
                s.close();
                return;
            }
            subscription = s;
        }
        try (s) {
            report(s.reread());
            failures = 0;
            long nextResync = System.nanoTime() + RESYNC.toNanos();
            while (!stopped) {
                long left = nextResync - System.nanoTime();
                if (left <= 0) {
                    report(s.reread());
                    nextResync = System.nanoTime() + RESYNC.toNanos();
                    continue;
                }
                LinkSubscription.Update update = s.next(Duration.ofNanos(left));
                switch (update.kind()) {
                    case CLOSED -> {
                        return;
                    }
                    case OVERRUN -> LOG.log(Level.WARNING, "link notifications were lost ({0} times so far): read every watched "
                            + "interface again", s.overruns());
                    default -> { }
                }
                report(update.states());
            }
        } finally {
            synchronized (this) {
                subscription = null;
            }
        }
    }

    private void report(List<LinkState> states) {
        for (LinkState state : states) {
            boolean up = state.up();
            Boolean before = last.put(state.name(), up);
            if (before == null || before != up) {
                if (before != null) {
                    LOG.log(up ? Level.INFO : Level.WARNING, "interface {0} is {1}", state.name(),
                            up ? "up" : state.present() ? "down" : "down (gone)");
                }
                sink.accept(state.name(), up);
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        synchronized (this) {
            if (subscription != null) {
                subscription.close();
            }
        }
        thread.interrupt();
    }
}
