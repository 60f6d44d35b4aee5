package net.sonic.portsyncd.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline: tests never sleep for a fixed time. */
public final class Poll {
    private Poll() {
    }

    /** Polls every millisecond or so until the condition holds; fails with the message at the deadline. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseNanos = 200_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + message.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, 20_000_000);
        }
    }

    public static void until(Duration timeout, BooleanSupplier condition, String message) {
        until(timeout, condition, () -> message);
    }
}
