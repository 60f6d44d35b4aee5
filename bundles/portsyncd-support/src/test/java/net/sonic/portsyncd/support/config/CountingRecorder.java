package net.sonic.portsyncd.support.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/** Keeps the counters only. */
class CountingRecorder implements MetricsRecorder {
    private final Map<Counter, Long> counters = new ConcurrentHashMap<>();

    long count(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    @Override
    public void add(Counter counter, long delta) {
        counters.merge(counter, delta, Long::sum);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
    }

    @Override
    public void mark(Timestamp timestamp) {
    }
}
