package net.sonic.portsyncd.core;

import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * The metrics service of the moment: the metrics bundle may come, go or be replaced while the engine runs, so
 * the engine records through this and never holds the service itself.
 */
final class SwitchableMetrics implements MetricsRecorder {
    private volatile MetricsRecorder delegate = MetricsRecorder.NONE;

    synchronized void use(MetricsRecorder recorder) {
        delegate = recorder;
    }

    /** Stops recording into {@code recorder} unless another one has replaced it already. */
    synchronized void release(MetricsRecorder recorder) {
        if (delegate == recorder) {
            delegate = MetricsRecorder.NONE;
        }
    }

    @Override
    public void add(Counter counter, long delta) {
        delegate.add(counter, delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        delegate.recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        delegate.mark(timestamp);
    }
}
