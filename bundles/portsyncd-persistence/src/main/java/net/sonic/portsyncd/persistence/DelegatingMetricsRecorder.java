package net.sonic.portsyncd.persistence;

import java.util.concurrent.atomic.AtomicReference;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * Forwards to whichever metrics service is bound right now, or records nothing. Lets the store keep one
 * recorder for its whole life while the metrics bundle comes, goes and is updated.
 */
final class DelegatingMetricsRecorder implements MetricsRecorder {
    private final AtomicReference<MetricsRecorder> target = new AtomicReference<>(MetricsRecorder.NONE);

    void bind(MetricsRecorder recorder) {
        target.set(recorder);
    }

    /** Only clears when the departing recorder is the current one: a greedy rebind binds the new one first. */
    void unbind(MetricsRecorder recorder) {
        target.compareAndSet(recorder, MetricsRecorder.NONE);
    }

    @Override
    public void add(Counter counter, long delta) {
        target.get().add(counter, delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        target.get().recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        target.get().mark(timestamp);
    }
}
