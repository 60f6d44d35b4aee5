package net.sonic.portsyncd.netlink;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Keeps the counters it is given, to check what the capture records. */
final class CountingMetrics implements MetricsRecorder {
    private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);

    CountingMetrics() {
        for (Counter counter : Counter.values()) {
            counters.put(counter, new AtomicLong());
        }
    }

    long get(Counter counter) {
        return counters.get(counter).get();
    }

    @Override
    public void add(Counter counter, long delta) {
        counters.get(counter).addAndGet(delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        throw new AssertionError("the capture records no histogram");
    }

    @Override
    public void mark(Timestamp timestamp) {
        throw new AssertionError("the capture marks no timestamp");
    }
}
