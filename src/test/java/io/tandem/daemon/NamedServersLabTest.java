package io.tandem.daemon;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of balancer lab tests over {@link NamedServers} (no MySQL): a lab of their own per test in
 * {@link #lab}; after the test (and after the test class's own {@code @AfterEach}) the daemon's log
 * without its per-check lines is printed for a failed run, and the lab is closed. Skipped, not
 * failed, where the lab cannot run (not root, no iproute2 or python3).
 */
abstract class NamedServersLabTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    protected Lab lab;
    /** The daemon under test, once the test started it. */
    protected LabProcess tandem;

    @BeforeEach
    void createLab() {
        assumeTrue(Lab.isSupported() && NamedServers.pythonInstalled(), "needs root, iproute2 and Debian's python3");
        lab = Lab.create();
    }

    @AfterEach
    void closeLab() {
        if (tandem != null) {
            System.out.println(tandem.logText().lines().filter(l -> !l.contains(" DEBUG ")).collect(Collectors.joining("\n")));
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** Polls {@code c} every 100 ms for at most {@link #WAIT}; fails with {@code why}. */
    static void await(BooleanSupplier c, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + why.get());
            }
            Thread.sleep(100);
        }
    }
}
