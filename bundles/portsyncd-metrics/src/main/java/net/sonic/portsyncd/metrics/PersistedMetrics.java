package net.sonic.portsyncd.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code metrics.json}. Keys are the enum constant names of Counter, Timestamp and Histogram.
 * Construction validates (known format, no negative or missing value).
 */
record PersistedMetrics(int format, Map<String, Long> counters, Map<String, Long> timestamps,
        Map<String, PersistedHistogram> histograms) {

    static final int FORMAT = 1;

    PersistedMetrics {
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown format " + format + " (expected " + FORMAT + ")");
        }
        counters = nonNegative("counter", counters);
        timestamps = nonNegative("timestamp", timestamps);
        if (histograms == null || histograms.containsValue(null)) {
            throw new IllegalArgumentException("histograms missing or null");
        }
        histograms = java.util.Collections.unmodifiableMap(new TreeMap<>(histograms));
    }

    private static Map<String, Long> nonNegative(String what, Map<String, Long> values) {
        if (values == null) {
            throw new IllegalArgumentException(what + "s missing");
        }
        values.forEach((name, value) -> {
            if (value == null || value < 0) {
                throw new IllegalArgumentException(what + " " + name + " is " + value);
            }
        });
        return java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }
}
