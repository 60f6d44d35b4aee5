package net.sonic.portsyncd.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * One distribution of nanosecond values, twice: since the last reset (kept across restarts) and over the recent
 * window ({@link MetricsSnapshot#RECENT_WINDOW}), so that one outlier does not speak for the present for ever.
 * Writers go through an HdrHistogram {@link Recorder} (wait-free, no allocation); readers drain it into both under
 * this object's lock. The first value recorded after a step of the window ended drains it first, so every value
 * lands in the step it was recorded in. Count, sum, min and max since the reset are also kept exactly, so those
 * are not quantised.
 */
final class LatencyHistogram {
    /** Longer values are recorded as one hour in the percentiles (the exact max still sees them). */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    /** What {@link #summaries()} returns. */
    record Summaries(HistogramSummary sinceReset, HistogramSummary recent) {
    }

    private final LongSupplier nanoTime;
    private final Recorder recorder = new Recorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    private final Histogram accumulated = new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final RecentWindow recent;
    private Histogram interval;
    private volatile long stepEndsAtNanos;

    /** @param nanoTime the monotonic clock the recent window moves with */
    LatencyHistogram(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.recent = new RecentWindow(nanoTime.getAsLong(), MetricsSnapshot.RECENT_WINDOW.toNanos(),
                MetricsSnapshot.RECENT_STEP.toNanos(), accumulated);
        this.stepEndsAtNanos = recent.runningStepEndsAtNanos();
    }

    void record(long nanos) {
        if (nanoTime.getAsLong() - stepEndsAtNanos >= 0) {
            moveWindow();
        }
        long value = Math.max(0, nanos);
        recorder.recordValue(Math.min(value, HIGHEST_TRACKABLE_NANOS));
        sum.add(value);
        min.accumulateAndGet(value, Math::min);
        max.accumulateAndGet(value, Math::max);
    }

    synchronized Summaries summaries() {
        moveWindow();
        drain();
        long count = accumulated.getTotalCount();
        HistogramSummary sinceReset = count == 0 ? HistogramSummary.EMPTY
                : summaryOf(accumulated, min.get(), max.get(), (double) sum.sum() / count);
        return new Summaries(sinceReset, recent.summary());
    }

    /** Percentiles of {@code histogram}; a bucket's highest equivalent value can lie past the extremes, they never do. */
    static HistogramSummary summaryOf(Histogram histogram, long lowest, long highest, double mean) {
        return new HistogramSummary(histogram.getTotalCount(), lowest, highest, mean,
                percentile(histogram, 50, lowest, highest), percentile(histogram, 90, lowest, highest),
                percentile(histogram, 99, lowest, highest));
    }

    private static long percentile(Histogram histogram, double percentile, long lowest, long highest) {
        return Math.max(lowest, Math.min(highest, histogram.getValueAtPercentile(percentile)));
    }

    synchronized void reset() {
        recorder.reset();
        accumulated.reset();
        recent.reset();
        sum.reset();
        min.set(Long.MAX_VALUE);
        max.set(Long.MIN_VALUE);
    }

    synchronized PersistedHistogram export() {
        drain();
        List<long[]> buckets = new ArrayList<>();
        for (HistogramIterationValue value : accumulated.recordedValues()) {
            buckets.add(new long[] {accumulated.lowestEquivalentValue(value.getValueIteratedTo()),
                    value.getCountAtValueIteratedTo()});
        }
        if (buckets.isEmpty()) {
            return PersistedHistogram.EMPTY;
        }
        return new PersistedHistogram(sum.sum(), min.get(), max.get(), buckets);
    }

    /** Adds what a previous run recorded; it is not recent. */
    synchronized void merge(PersistedHistogram persisted) {
        if (persisted.buckets().isEmpty()) {
            return;
        }
        for (long[] bucket : persisted.buckets()) {
            accumulated.recordValueWithCount(bucket[0], bucket[1]);
        }
        sum.add(persisted.sumNanos());
        min.accumulateAndGet(persisted.minNanos(), Math::min);
        max.accumulateAndGet(persisted.maxNanos(), Math::max);
    }

    /** When a step of the window has ended: what was recorded during it goes into it, then the window moves on. */
    private synchronized void moveWindow() {
        long now = nanoTime.getAsLong();
        if (now - stepEndsAtNanos < 0) {
            return;
        }
        drain();
        recent.moveTo(now);
        stepEndsAtNanos = recent.runningStepEndsAtNanos();
    }

    private void drain() {
        interval = recorder.getIntervalHistogram(interval);
        accumulated.add(interval);
        recent.add(interval);
    }
}
