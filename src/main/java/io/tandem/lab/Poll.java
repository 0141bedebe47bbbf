package io.tandem.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait in the lab has a deadline and says what it was waiting for. */
final class Poll {
    private Poll() {
    }

    /**
     * Evaluates {@code condition} every {@code interval} until it is true.
     *
     * @throws LabException with {@code failure}'s message when {@code timeout} passes first
     */
    static void until(Duration timeout, Duration interval, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new LabException(failure.get());
            }
            sleep(interval);
        }
    }

    /** {@link Thread#sleep} that turns an interrupt into a {@link LabException} (keeping the flag). */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}
