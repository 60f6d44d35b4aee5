package net.sonic.portsyncd.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Counts what the engine records, so tests can wait for "the message was processed". */
final class CountingMetrics implements MetricsRecorder {
    private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);
    private final Map<Histogram, AtomicLong> samples = new EnumMap<>(Histogram.class);

    CountingMetrics() {
        for (Counter counter : Counter.values()) {
            counters.put(counter, new AtomicLong());
        }
        for (Histogram histogram : Histogram.values()) {
            samples.put(histogram, new AtomicLong());
        }
    }

    @Override
    public void add(Counter counter, long delta) {
        counters.get(counter).addAndGet(delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        samples.get(histogram).incrementAndGet();
    }

    @Override
    public void mark(Timestamp timestamp) {
    }

    long get(Counter counter) {
        return counters.get(counter).get();
    }

    long samples(Histogram histogram) {
        return samples.get(histogram).get();
    }
}
