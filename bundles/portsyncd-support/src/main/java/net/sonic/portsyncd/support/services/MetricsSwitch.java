package net.sonic.portsyncd.support.services;

import java.util.concurrent.atomic.AtomicReference;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * The metrics service bound at the moment, {@link MetricsRecorder#NONE} while none is. A component holds one for
 * its whole life and hands it to the classes that count, so that the metrics bundle can come, go or be updated
 * underneath them without restarting anything.
 */
public final class MetricsSwitch implements MetricsRecorder {
    private final AtomicReference<MetricsRecorder> target = new AtomicReference<>(MetricsRecorder.NONE);

    public void bind(MetricsRecorder recorder) {
        target.set(recorder);
    }

    /** Only falls back to {@code NONE} when the departing recorder is the current one: a greedy rebind binds first. */
    public void unbind(MetricsRecorder recorder) {
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
