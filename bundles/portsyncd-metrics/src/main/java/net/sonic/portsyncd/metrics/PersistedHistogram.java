package net.sonic.portsyncd.metrics;

import java.util.List;

/**
 * A histogram as stored in the metrics file: the exact sum/min/max and the non-empty buckets as
 * {@code [lowest value of the bucket, count]} pairs. Construction validates, so a hand-edited or damaged file is
 * rejected while it is read.
 */
record PersistedHistogram(long sumNanos, long minNanos, long maxNanos, List<long[]> buckets) {

    static final PersistedHistogram EMPTY = new PersistedHistogram(0, 0, 0, List.of());

    PersistedHistogram {
        if (buckets == null) {
            throw new IllegalArgumentException("buckets missing");
        }
        buckets = List.copyOf(buckets);
        for (long[] bucket : buckets) {
            if (bucket == null || bucket.length != 2) {
                throw new IllegalArgumentException("a bucket must be [value, count]");
            }
            if (bucket[0] < 0 || bucket[0] > LatencyHistogram.HIGHEST_TRACKABLE_NANOS) {
                throw new IllegalArgumentException("bucket value " + bucket[0] + " out of range");
            }
            if (bucket[1] <= 0) {
                throw new IllegalArgumentException("bucket count " + bucket[1] + " must be positive");
            }
        }
        if (!buckets.isEmpty() && (sumNanos < 0 || minNanos < 0 || minNanos > maxNanos)) {
            throw new IllegalArgumentException("inconsistent sum/min/max " + sumNanos + "/" + minNanos + "/" + maxNanos);
        }
    }
}
