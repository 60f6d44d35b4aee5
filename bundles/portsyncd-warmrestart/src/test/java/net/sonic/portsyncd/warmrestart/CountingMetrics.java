package net.sonic.portsyncd.warmrestart;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Remembers everything recorded, for assertions. */
final class CountingMetrics implements MetricsRecorder {
    private final Map<Counter, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<Histogram, List<Long>> samples = new ConcurrentHashMap<>();
    private final Map<Timestamp, AtomicLong> marks = new ConcurrentHashMap<>();

    @Override
    public void add(Counter counter, long delta) {
        counters.computeIfAbsent(counter, c -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        samples.computeIfAbsent(histogram, h -> new CopyOnWriteArrayList<>()).add(nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        marks.computeIfAbsent(timestamp, t -> new AtomicLong()).incrementAndGet();
    }

    long count(Counter counter) {
        AtomicLong value = counters.get(counter);
        return value == null ? 0 : value.get();
    }

    List<Long> samples(Histogram histogram) {
        return List.copyOf(samples.getOrDefault(histogram, List.of()));
    }

    long marks(Timestamp timestamp) {
        AtomicLong value = marks.get(timestamp);
        return value == null ? 0 : value.get();
    }
}
