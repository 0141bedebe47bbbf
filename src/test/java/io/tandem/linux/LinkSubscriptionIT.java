package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Link notifications inside a lab host: what {@code ip link} does is seen, and lost notifications are recovered. */
class LinkSubscriptionIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeEach
    void needsRoot() {
        assumeTrue(Lab.isSupported(), "lab tests need root and iproute2");
    }

    @Test
    void downUpCreateAndDeleteAreSeenAsTheyHappen() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            try (NetNamespace ns = NetNamespace.enter(a.namespace());
                 LinkSubscription events = ns.call(() -> LinkSubscription.open(Set.of("eth0", "test7")))) {
                assertThat(events.reread()).extracting(s -> s.name() + " " + s.present() + " " + s.up())
                        .containsExactly("eth0 true true", "test7 false false");
                assertThat(events.next(Duration.ofMillis(100)).kind()).isEqualTo(LinkSubscription.Kind.TIMED_OUT);

                a.linkDown();
                assertThat(await(events, "eth0", s -> !s.up()).link().administrativelyUp()).isFalse();
                a.linkUp();
                assertThat(await(events, "eth0", LinkState::up).link().operState()).isEqualTo(Link.OperState.UP);

                a.execOrThrow("ip", "link", "add", "test7", "type", "veth", "peer", "name", "peer7");
                LinkState created = await(events, "test7", LinkState::present);
                assertThat(created.up()).isFalse();
                a.execOrThrow("ip", "link", "set", "peer7", "up");
                a.execOrThrow("ip", "link", "set", "test7", "up");
                assertThat(await(events, "test7", LinkState::up).link().name()).isEqualTo("test7");
                a.execOrThrow("ip", "link", "del", "test7");
                assertThat(await(events, "test7", s -> !s.present()).up()).isFalse();
                assertThat(events.overruns()).isZero();
            }
        }
    }

    @Test
    void closeWakesAThreadWaitingForNotifications() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            try (NetNamespace ns = NetNamespace.enter(a.namespace())) {
                LinkSubscription events = ns.call(() -> LinkSubscription.open(Set.of("eth0")));
                CompletableFuture<LinkSubscription.Update> waiting = CompletableFuture.supplyAsync(
                        () -> events.next(Duration.ofSeconds(60)), r -> Thread.ofPlatform().start(r));
                Thread.sleep(100); // let it block in poll (if it has not yet, next returns CLOSED at once anyway)
                events.close();
                assertThat(waiting.get(5, TimeUnit.SECONDS).kind()).isEqualTo(LinkSubscription.Kind.CLOSED);
                assertThat(events.next(Duration.ofSeconds(1)).kind()).isEqualTo(LinkSubscription.Kind.CLOSED);
                events.close();
            }
        }
    }

    /**
     * With a tiny receive buffer and an interface flapping 300 times while nobody reads, the kernel
     * drops notifications (ENOBUFS): the subscription reports the overrun with the real final
     * state, and what was still queued (older) does not overwrite it.
     */
    @Test
    void lostNotificationsAreRecoveredByReadingEveryLinkAgain() throws Exception {
        try (Lab lab = Lab.create()) {
            Host a = lab.addHost("a");
            a.execOrThrow("ip", "link", "add", "test7", "type", "veth", "peer", "name", "peer7");
            a.execOrThrow("ip", "link", "set", "peer7", "up");
            a.execOrThrow("ip", "link", "set", "test7", "up");
            Path batch = a.dir().resolve("flaps.ip");
            Files.writeString(batch, IntStream.range(0, 300).mapToObj(i -> "link set test7 down\nlink set test7 up\n")
                    .collect(Collectors.joining()) + "link set test7 down\n");
            try (NetNamespace ns = NetNamespace.enter(a.namespace());
                 LinkSubscription events = ns.call(() -> LinkSubscription.open(Set.of("test7", "eth0"), 1))) {
                assertThat(events.reread()).extracting(LinkState::up).containsExactly(true, true);
                a.execOrThrow("ip", "-batch", batch.toString());

                LinkSubscription.Update update = events.next(WAIT);
                assertThat(update.kind()).isEqualTo(LinkSubscription.Kind.OVERRUN);
                assertThat(events.overruns()).isEqualTo(1);
                assertThat(update.states()).extracting(s -> s.name() + " " + s.up()).containsExactly("eth0 true", "test7 false");
                // nothing stale follows: either silence or states that agree with the kernel
                List<LinkState> after = new ArrayList<>();
                for (LinkSubscription.Update u = events.next(Duration.ofMillis(300)); u.kind() == LinkSubscription.Kind.EVENTS;
                     u = events.next(Duration.ofMillis(300))) {
                    after.addAll(u.states());
                }
                assertThat(after).noneMatch(s -> s.name().equals("test7") && s.up());
            }
        }
    }

    /** Reads notifications until {@code name} satisfies {@code condition}, failing after {@link #WAIT}. */
    private static LinkState await(LinkSubscription events, String name, Predicate<LinkState> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<LinkState> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            LinkSubscription.Update u = events.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            for (LinkState s : u.states()) {
                seen.add(s);
                if (s.name().equals(name) && condition.test(s)) {
                    return s;
                }
            }
        }
        throw new AssertionError("no notification for " + name + " in " + WAIT + "; saw " + seen);
    }
}
