package io.tandem.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Descriptors are closed once, and never under a thread that is inside a call on them. */
class SharedFdsTest {
    @Test
    void closeWithoutUsersClosesAtOnce() {
        int fd = LibC.eventfd(0, LibC.EFD_CLOEXEC, "test");
        AtomicInteger released = new AtomicInteger();
        AtomicInteger woken = new AtomicInteger();
        SharedFds fds = new SharedFds(released::incrementAndGet, fd);
        assertThat(fds.close(woken::incrementAndGet)).isTrue();
        assertThat(open(fd)).isFalse();
        assertThat(released).hasValue(1);
        assertThat(woken).hasValue(0);
        assertThat(fds.close(woken::incrementAndGet)).isFalse();
        assertThat(fds.enter()).isFalse();
        assertThat(released).hasValue(1);
    }

    @Test
    void closeDuringACallWakesTheUserAndTheLastExitCloses() {
        int fd = LibC.eventfd(0, LibC.EFD_CLOEXEC, "test");
        AtomicInteger released = new AtomicInteger();
        SharedFds fds = new SharedFds(released::incrementAndGet, fd);
        assertThat(fds.enter()).isTrue();
        assertThat(fds.enter()).isTrue();
        AtomicInteger woken = new AtomicInteger();
        fds.close(() -> {
            assertThat(open(fd)).as("open while waking").isTrue();
            woken.incrementAndGet();
        });
        assertThat(woken).hasValue(1);
        assertThat(fds.isOpen()).isFalse();
        assertThat(fds.enter()).isFalse();
        fds.exit();
        assertThat(open(fd)).isTrue();
        fds.exit();
        assertThat(open(fd)).isFalse();
        assertThat(released).hasValue(1);
    }

    private static boolean open(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }
}
