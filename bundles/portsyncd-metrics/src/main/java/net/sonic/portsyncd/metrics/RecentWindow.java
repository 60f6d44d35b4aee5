package net.sonic.portsyncd.metrics;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * What one histogram recorded in the last window: the running step and the finished steps still inside the window
 * (kept as their non-empty buckets, a few hundred bytes each), so a value leaves the window between one window and
 * one window plus one step after it was recorded. Min, max and mean are those of the buckets (within the
 * histogram's precision). Used under the lock of its {@link LatencyHistogram}.
 */
final class RecentWindow {
    private record Step(long index, long[] values, long[] counts) {
    }

    private final long originNanos;
    private final long stepNanos;
    private final int finishedSteps;
    private final Histogram running;
    private final Histogram scratch;
    private final Deque<Step> finished = new ArrayDeque<>();
    private long runningIndex;

    /**
     * @param nowNanos the monotonic clock now; steps are counted from here
     * @param template gives the range and precision of the buckets
     */
    RecentWindow(long nowNanos, long windowNanos, long stepNanos, Histogram template) {
        this.originNanos = nowNanos;
        this.stepNanos = stepNanos;
        this.finishedSteps = (int) (windowNanos / stepNanos);
        this.running = new Histogram(template.getLowestDiscernibleValue(), template.getHighestTrackableValue(),
                template.getNumberOfSignificantValueDigits());
        this.scratch = new Histogram(running);
    }

    /** Values recorded during the running step. */
    void add(Histogram values) {
        running.add(values);
    }

    /** When the running step ends, on the monotonic clock. */
    long runningStepEndsAtNanos() {
        return originNanos + (runningIndex + 1) * stepNanos;
    }

    /** Finishes the running step when {@code nowNanos} is past it, and forgets the steps now out of the window. */
    void moveTo(long nowNanos) {
        long index = Math.floorDiv(nowNanos - originNanos, stepNanos);
        if (index <= runningIndex) {
            return;
        }
        if (running.getTotalCount() > 0) {
            finished.addLast(stepOf(runningIndex, running));
            running.reset();
        }
        runningIndex = index;
        while (!finished.isEmpty() && finished.peekFirst().index() < index - finishedSteps) {
            finished.removeFirst();
        }
    }

    HistogramSummary summary() {
        scratch.reset();
        scratch.add(running);
        for (Step step : finished) {
            for (int i = 0; i < step.values().length; i++) {
                scratch.recordValueWithCount(step.values()[i], step.counts()[i]);
            }
        }
        long count = scratch.getTotalCount();
        if (count == 0) {
            return HistogramSummary.EMPTY;
        }
        return LatencyHistogram.summaryOf(scratch, scratch.getMinValue(), scratch.getMaxValue(), scratch.getMean());
    }

    void reset() {
        running.reset();
        finished.clear();
    }

    private static Step stepOf(long index, Histogram histogram) {
        long[] values = new long[16];
        long[] counts = new long[16];
        int buckets = 0;
        // the iterator hands out one mutable value object, so each bucket is copied out at once
        for (HistogramIterationValue bucket : histogram.recordedValues()) {
            if (buckets == values.length) {
                values = Arrays.copyOf(values, buckets * 2);
                counts = Arrays.copyOf(counts, buckets * 2);
            }
            values[buckets] = histogram.lowestEquivalentValue(bucket.getValueIteratedTo());
            counts[buckets] = bucket.getCountAtValueIteratedTo();
            buckets++;
        }
        return new Step(index, Arrays.copyOf(values, buckets), Arrays.copyOf(counts, buckets));
    }
}
