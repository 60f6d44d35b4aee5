package net.sonic.portsyncd.persistence;

import java.util.EnumMap;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Keeps what the store records so a test can assert on it. */
final class RecordingMetrics implements MetricsRecorder {
    private final Map<Counter, Long> counters = new EnumMap<>(Counter.class);
    private final Map<Timestamp, Integer> marks = new EnumMap<>(Timestamp.class);

    @Override
    public synchronized void add(Counter counter, long delta) {
        counters.merge(counter, delta, Long::sum);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        throw new AssertionError("the state store records no histogram");
    }

    @Override
    public synchronized void mark(Timestamp timestamp) {
        marks.merge(timestamp, 1, Integer::sum);
    }

    synchronized long count(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    synchronized int marks(Timestamp timestamp) {
        return marks.getOrDefault(timestamp, 0);
    }
}
