package net.sonic.portsyncd.bench.e2e;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency samples in nanoseconds and their order statistics. */
final class Samples {
    private final long[] sorted;

    Samples(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** The value at percentile {@code p} (0..100), nearest rank. */
    long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    /** Microseconds at every whole percentile from 0 to 100, for plotting. */
    Map<String, Double> curveMicros() {
        Map<String, Double> curve = new LinkedHashMap<>();
        for (int p = 0; p <= 100; p++) {
            curve.put(Integer.toString(p), (p == 0 ? sorted[0] : percentile(p)) / 1_000.0);
        }
        return curve;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
