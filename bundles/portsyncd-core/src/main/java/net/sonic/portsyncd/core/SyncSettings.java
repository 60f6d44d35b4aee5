package net.sonic.portsyncd.core;

import java.time.Duration;

/**
 * Tuning of the sync engine.
 *
 * @param queueCapacity   link messages the sync queue holds before it keeps only the latest per port
 * @param maxBatchEvents  most link messages whose Redis work shares one pipeline
 * @param retryInitial    first pause before Redis is tried again after it was lost
 * @param retryMax        longest pause between two attempts
 * @param dumpWait        how long the cold start waits for the initial netlink dump before it goes on without it
 * @param maxConfigRowChars CONFIG_DB PORT rows larger than this are not copied (no port's configuration is)
 */
public record SyncSettings(int queueCapacity, int maxBatchEvents, Duration retryInitial, Duration retryMax,
        Duration dumpWait, int maxConfigRowChars) {

    public SyncSettings {
        if (queueCapacity < 1 || maxBatchEvents < 1 || maxConfigRowChars < 1) {
            throw new IllegalArgumentException("queue capacity, batch size and row limit must be positive");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry pauses must be positive and the longest at least the first");
        }
        if (dumpWait.isNegative()) {
            throw new IllegalArgumentException("the dump wait cannot be negative");
        }
    }

    public static SyncSettings defaults() {
        return new SyncSettings(16_384, 2_048, Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(10),
                1 << 20);
    }

    public SyncSettings withQueueCapacity(int capacity) {
        return new SyncSettings(capacity, maxBatchEvents, retryInitial, retryMax, dumpWait, maxConfigRowChars);
    }
}
