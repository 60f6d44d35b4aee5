package net.sonic.portsyncd.api.metrics;

/**
 * What one histogram recorded, in nanoseconds. Every value is 0 when {@code count} is 0.
 *
 * @param count     values recorded
 * @param minNanos  smallest value
 * @param maxNanos  largest value
 * @param meanNanos arithmetic mean
 * @param p50Nanos  median
 * @param p90Nanos  90th percentile
 * @param p99Nanos  99th percentile
 */
public record HistogramSummary(long count, long minNanos, long maxNanos, double meanNanos, long p50Nanos,
        long p90Nanos, long p99Nanos) {

    public static final HistogramSummary EMPTY = new HistogramSummary(0, 0, 0, 0, 0, 0, 0);
}
