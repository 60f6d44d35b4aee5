package net.sonic.portsyncd.netlink;

import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * Forwards to whichever metrics service is bound at the moment, {@link MetricsRecorder#NONE} while none is, so
 * that the metrics bundle can come and go without reopening the capture.
 */
final class MetricsSwitch implements MetricsRecorder {
    private volatile MetricsRecorder target = MetricsRecorder.NONE;

    synchronized void bind(MetricsRecorder recorder) {
        target = recorder;
    }

    /** Falls back to recording nothing unless another recorder was bound meanwhile. */
    synchronized void unbind(MetricsRecorder recorder) {
        if (target == recorder) {
            target = MetricsRecorder.NONE;
        }
    }

    @Override
    public void add(Counter counter, long delta) {
        target.add(counter, delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        target.recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        target.mark(timestamp);
    }
}
