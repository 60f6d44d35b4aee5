package net.sonic.portsyncd.api.metrics;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A copy of every metric at one instant. A counter, timestamp or histogram missing from its map reads as 0, never
 * or {@link HistogramSummary#EMPTY}.
 *
 * @param takenAtMillis      wall-clock time of the copy
 * @param counters           counter values
 * @param timestamps         epoch milliseconds of the last occurrence
 * @param histograms         histogram summaries of everything recorded since the metrics were last reset (kept across
 *                           restarts in metrics.json)
 * @param recentHistograms   histogram summaries of what was recorded in the last {@link #RECENT_WINDOW}, so that an
 *                           outlier long past (a Redis freeze) no longer hides what happens now
 */
public record MetricsSnapshot(long takenAtMillis, Map<Counter, Long> counters, Map<Timestamp, Long> timestamps,
        Map<Histogram, HistogramSummary> histograms, Map<Histogram, HistogramSummary> recentHistograms) {

    /** The recent window covers at least this much time, and at most {@link #RECENT_STEP} more. */
    public static final Duration RECENT_WINDOW = Duration.ofSeconds(60);
    /** The recent window moves in steps of this length. */
    public static final Duration RECENT_STEP = Duration.ofSeconds(5);

    public MetricsSnapshot {
        counters = Collections.unmodifiableMap(copy(Counter.class, counters));
        timestamps = Collections.unmodifiableMap(copy(Timestamp.class, timestamps));
        histograms = Collections.unmodifiableMap(copy(Histogram.class, histograms));
        recentHistograms = Collections.unmodifiableMap(copy(Histogram.class, recentHistograms));
    }

    public long counter(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    /** Epoch milliseconds, or 0 when it never happened. */
    public long timestamp(Timestamp timestamp) {
        return timestamps.getOrDefault(timestamp, 0L);
    }

    /** Since the metrics were last reset. */
    public HistogramSummary histogram(Histogram histogram) {
        return histograms.getOrDefault(histogram, HistogramSummary.EMPTY);
    }

    /** In the last {@link #RECENT_WINDOW}. */
    public HistogramSummary recentHistogram(Histogram histogram) {
        return recentHistograms.getOrDefault(histogram, HistogramSummary.EMPTY);
    }

    private static <K extends Enum<K>, V> EnumMap<K, V> copy(Class<K> type, Map<K, V> source) {
        EnumMap<K, V> copy = new EnumMap<>(type);
        copy.putAll(source);
        return copy;
    }
}
