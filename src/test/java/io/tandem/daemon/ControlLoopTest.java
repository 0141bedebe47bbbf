package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The control loop on a real thread: timer order, posted work, failures that do not stop it, lateness. */
class ControlLoopTest {
    private static Thread runInBackground(ControlLoop loop) {
        return Thread.ofPlatform().name("loop-under-test").start(loop::run);
    }

    @Test
    void timersRunInDeadlineOrderOnTheLoopThreadAndPostedWorkRuns() throws Exception {
        ControlLoop loop = new ControlLoop(Duration.ofSeconds(1));
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = runInBackground(loop);
        loop.post(() -> {
            long now = loop.now();
            loop.at(now + 30_000_000, "c", () -> {
                seen.add("c:" + Thread.currentThread().getName());
                done.countDown();
            });
            loop.at(now + 10_000_000, "a", () -> seen.add("a"));
            loop.at(now + 20_000_000, "b", () -> seen.add("b"));
            loop.at(now + 15_000_000, "cancelled", () -> seen.add("cancelled")).cancel();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "b", "c:loop-under-test");
        loop.stop();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aFailingTaskIsLoggedAndTheLoopGoesOn() throws Exception {
        ControlLoop loop = new ControlLoop(Duration.ofSeconds(1));
        CountDownLatch after = new CountDownLatch(1);
        Thread t = runInBackground(loop);
        loop.post(() -> {
            throw new IllegalStateException("boom");
        });
        loop.post(() -> loop.at(loop.now(), "throws", () -> {
            throw new IllegalStateException("boom in a timer");
        }));
        loop.post(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        t.join(5000);
    }

    @Test
    void lateTimersAreMeasured() throws Exception {
        ControlLoop loop = new ControlLoop(Duration.ofMillis(10));
        CountDownLatch ran = new CountDownLatch(1);
        Thread t = runInBackground(loop);
        loop.post(() -> {
            loop.at(loop.now() + 1_000_000, "late timer", ran::countDown);
            // block the loop past the deadline, as a GC pause would
            long until = System.nanoTime() + 80_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.worstLateness()).isGreaterThanOrEqualTo(Duration.ofMillis(70));
        loop.stop();
        t.join(5000);
    }

    @Test
    void timersMayOnlyBeScheduledFromTheLoop() throws Exception {
        ControlLoop loop = new ControlLoop(Duration.ofSeconds(1));
        CountDownLatch started = new CountDownLatch(1);
        Thread t = runInBackground(loop);
        loop.post(started::countDown);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            loop.at(0, "from outside", () -> { });
            throw new AssertionError("scheduling from another thread must fail");
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessageContaining("control-loop state touched from");
        }
        loop.stop();
        t.join(5000);
    }
}
