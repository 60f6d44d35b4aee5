package net.sonic.portsyncd.api.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Every metric at one instant.
 *
 * @param takenAtMillis wall-clock time of the snapshot
 * @param counters      every counter
 * @param timestamps    epoch milliseconds of the timestamps that were ever marked
 * @param histograms    every histogram
 */
public record MetricsSnapshot(long takenAtMillis, Map<Counter, Long> counters, Map<Timestamp, Long> timestamps,
        Map<Histogram, HistogramSummary> histograms) {

    public MetricsSnapshot {
        counters = Collections.unmodifiableMap(copy(Counter.class, counters));
        timestamps = Collections.unmodifiableMap(copy(Timestamp.class, timestamps));
        histograms = Collections.unmodifiableMap(copy(Histogram.class, histograms));
    }

    private static <K extends Enum<K>, V> EnumMap<K, V> copy(Class<K> keys, Map<K, V> map) {
        EnumMap<K, V> copy = new EnumMap<>(keys);
        copy.putAll(map);
        return copy;
    }

    public long counter(Counter counter) {
        return counters.getOrDefault(counter, 0L);
    }

    public OptionalLong timestamp(Timestamp timestamp) {
        Long millis = timestamps.get(timestamp);
        return millis == null ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    public HistogramSummary histogram(Histogram histogram) {
        return histograms.getOrDefault(histogram, HistogramSummary.EMPTY);
    }
}
