package net.sonic.portsyncd.bench.jmh;

import java.util.concurrent.atomic.AtomicLongArray;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Counters only, readable from the benchmark thread: how a benchmark learns that the engine has done its work. */
final class CountingRecorder implements MetricsRecorder {
    private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);

    @Override
    public void add(Counter counter, long delta) {
        counters.addAndGet(counter.ordinal(), delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
    }

    @Override
    public void mark(Timestamp timestamp) {
    }

    long get(Counter counter) {
        return counters.get(counter.ordinal());
    }

    /** Spins until the counter reaches {@code target}; the engine's sync thread gets there within microseconds. */
    void awaitAtLeast(Counter counter, long target) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (get(counter) < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(counter + " stuck at " + get(counter) + ", expected " + target);
            }
            Thread.onSpinWait();
        }
    }
}
