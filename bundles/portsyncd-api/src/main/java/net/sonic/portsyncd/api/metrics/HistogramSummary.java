package net.sonic.portsyncd.api.metrics;

/**
 * A distribution as recorded, in nanoseconds. Percentiles come from an HdrHistogram with three significant
 * digits; count, min, max and mean are exact. All values are zero when nothing was recorded.
 */
public record HistogramSummary(long count, long minNanos, long maxNanos, double meanNanos, long p50Nanos,
        long p90Nanos, long p99Nanos, long p999Nanos) {

    public static final HistogramSummary EMPTY = new HistogramSummary(0, 0, 0, 0, 0, 0, 0, 0);
}
