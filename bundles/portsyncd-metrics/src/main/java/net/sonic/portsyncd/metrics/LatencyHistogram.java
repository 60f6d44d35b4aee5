package net.sonic.portsyncd.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * One distribution of nanosecond values. Writers go through an HdrHistogram {@link Recorder} (wait-free, no
 * allocation); readers drain it into an accumulated histogram under this object's lock. Count, sum, min and max
 * are also kept exactly, so mean/min/max are not quantised.
 */
final class LatencyHistogram {
    /** Longer values are recorded as one hour in the percentiles (the exact max still sees them). */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    private final Histogram accumulated = new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    void record(long nanos) {
        long value = Math.max(0, nanos);
        recorder.recordValue(Math.min(value, HIGHEST_TRACKABLE_NANOS));
        sum.add(value);
        min.accumulateAndGet(value, Math::min);
        max.accumulateAndGet(value, Math::max);
    }

    synchronized HistogramSummary summary() {
        drain();
        long count = accumulated.getTotalCount();
        if (count == 0) {
            return HistogramSummary.EMPTY;
        }
        long lowest = min.get();
        long highest = max.get();
        return new HistogramSummary(count, lowest, highest, (double) sum.sum() / count,
                percentile(50, lowest, highest), percentile(90, lowest, highest), percentile(99, lowest, highest));
    }

    /** A bucket's highest equivalent value can lie past the real extremes; a percentile never does. */
    private long percentile(double percentile, long lowest, long highest) {
        return Math.max(lowest, Math.min(highest, accumulated.getValueAtPercentile(percentile)));
    }

    synchronized void reset() {
        recorder.reset();
        accumulated.reset();
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

    /** Adds what a previous run recorded. */
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

    private void drain() {
        interval = recorder.getIntervalHistogram(interval);
        accumulated.add(interval);
    }
}
