package net.sonic.portsyncd.support.services;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * The metrics service bound at the moment. A component holds one for its whole life and hands it to the classes that
 * count, so that the metrics bundle can come, go or be updated underneath them without restarting anything.
 *
 * <p>While no service is bound, counts and marks are kept and handed to the next one at its binding: a refresh
 * restarts the metrics bundle together with the counting ones, in any order, and the start the engine counts in that
 * moment must not be lost. A mark kept that way carries the time of the hand-over. Histogram samples are dropped.
 */
public final class MetricsSwitch implements MetricsRecorder {
    private final AtomicReference<MetricsRecorder> target = new AtomicReference<>(MetricsRecorder.NONE);
    private final Object unboundLock = new Object();
    private final Map<Counter, Long> unboundCounts = new EnumMap<>(Counter.class);
    private final Set<Timestamp> unboundMarks = EnumSet.noneOf(Timestamp.class);

    public void bind(MetricsRecorder recorder) {
        synchronized (unboundLock) {
            target.set(recorder);
            unboundCounts.forEach(recorder::add);
            unboundMarks.forEach(recorder::mark);
            unboundCounts.clear();
            unboundMarks.clear();
        }
    }

    /** Only falls back to {@code NONE} when the departing recorder is the current one: a greedy rebind binds first. */
    public void unbind(MetricsRecorder recorder) {
        target.compareAndSet(recorder, MetricsRecorder.NONE);
    }

    @Override
    public void add(Counter counter, long delta) {
        MetricsRecorder bound = target.get();
        if (bound != MetricsRecorder.NONE) {
            bound.add(counter, delta);
            return;
        }
        synchronized (unboundLock) {
            bound = target.get();
            if (bound != MetricsRecorder.NONE) {
                bound.add(counter, delta);
            } else {
                unboundCounts.merge(counter, delta, Long::sum);
            }
        }
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        target.get().recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        MetricsRecorder bound = target.get();
        if (bound != MetricsRecorder.NONE) {
            bound.mark(timestamp);
            return;
        }
        synchronized (unboundLock) {
            bound = target.get();
            if (bound != MetricsRecorder.NONE) {
                bound.mark(timestamp);
            } else {
                unboundMarks.add(timestamp);
            }
        }
    }
}
