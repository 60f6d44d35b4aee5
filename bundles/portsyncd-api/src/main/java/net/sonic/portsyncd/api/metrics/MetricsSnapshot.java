package net.sonic.portsyncd.api.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A copy of every metric at one instant. A counter, timestamp or histogram missing from its map reads as 0, never
 * or {@link HistogramSummary#EMPTY}.
 *
 * @param takenAtMillis wall-clock time of the copy
 * @param counters      counter values
 * @param timestamps    epoch milliseconds of the last occurrence
 * @param histograms    histogram summaries
 */
public record MetricsSnapshot(long takenAtMillis, Map<Counter, Long> counters, Map<Timestamp, Long> timestamps,
        Map<Histogram, HistogramSummary> histograms) {

    public MetricsSnapshot {
        counters = Collections.unmodifiableMap(copy(Counter.class, counters));
        timestamps = Collections.unmodifiableMap(copy(Timestamp.class, timestamps));
        histograms = Collections.unmodifiableMap(copy(Histogram.class, histograms));
    }

    public long counter(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    /** Epoch milliseconds, or 0 when it never happened. */
    public long timestamp(Timestamp timestamp) {
        return timestamps.getOrDefault(timestamp, 0L);
    }

    public HistogramSummary histogram(Histogram histogram) {
        return histograms.getOrDefault(histogram, HistogramSummary.EMPTY);
    }

    private static <K extends Enum<K>, V> EnumMap<K, V> copy(Class<K> type, Map<K, V> source) {
        EnumMap<K, V> copy = new EnumMap<>(type);
        copy.putAll(source);
        return copy;
    }
}
