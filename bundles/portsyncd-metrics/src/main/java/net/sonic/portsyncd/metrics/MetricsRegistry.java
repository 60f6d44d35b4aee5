package net.sonic.portsyncd.metrics;

import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every counter, histogram and timestamp in memory. Recording is lock-free and allocation-free. */
public final class MetricsRegistry implements MetricsRecorder, MetricsReader {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);
    private static final long NEVER = 0;

    private final Clock clock;
    private final LongAdder[] counters = new LongAdder[Counter.values().length];
    private final AtomicLong[] timestamps = new AtomicLong[Timestamp.values().length];
    private final LatencyHistogram[] histograms = new LatencyHistogram[Histogram.values().length];

    public MetricsRegistry(Clock clock) {
        this(clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock the recent windows of the histograms move with */
    public MetricsRegistry(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = new AtomicLong(NEVER);
        }
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new LatencyHistogram(nanoTime);
        }
    }

    /** @throws IllegalArgumentException for a negative delta: counters only grow (Prometheus relies on it) */
    @Override
    public void add(Counter counter, long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("counter " + counter + " cannot decrease (delta " + delta + ")");
        }
        counters[counter.ordinal()].add(delta);
    }

    /** Negative values are recorded as 0. */
    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        histograms[histogram.ordinal()].record(nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        timestamps[timestamp.ordinal()].set(clock.millis());
    }

    @Override
    public MetricsSnapshot snapshot() {
        Map<Counter, Long> counterValues = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            counterValues.put(counter, counters[counter.ordinal()].sum());
        }
        Map<Timestamp, Long> timestampValues = new EnumMap<>(Timestamp.class);
        for (Timestamp timestamp : Timestamp.values()) {
            long millis = timestamps[timestamp.ordinal()].get();
            if (millis != NEVER) {
                timestampValues.put(timestamp, millis);
            }
        }
        Map<Histogram, HistogramSummary> sinceReset = new EnumMap<>(Histogram.class);
        Map<Histogram, HistogramSummary> recent = new EnumMap<>(Histogram.class);
        for (Histogram histogram : Histogram.values()) {
            LatencyHistogram.Summaries summaries = histograms[histogram.ordinal()].summaries();
            sinceReset.put(histogram, summaries.sinceReset());
            recent.put(histogram, summaries.recent());
        }
        return new MetricsSnapshot(clock.millis(), counterValues, timestampValues, sinceReset, recent);
    }

    public void reset() {
        for (LongAdder counter : counters) {
            counter.reset();
        }
        for (AtomicLong timestamp : timestamps) {
            timestamp.set(NEVER);
        }
        for (LatencyHistogram histogram : histograms) {
            histogram.reset();
        }
    }

    PersistedMetrics export() {
        Map<String, Long> counterValues = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            counterValues.put(counter.name(), counters[counter.ordinal()].sum());
        }
        Map<String, Long> timestampValues = new LinkedHashMap<>();
        for (Timestamp timestamp : Timestamp.values()) {
            timestampValues.put(timestamp.name(), timestamps[timestamp.ordinal()].get());
        }
        Map<String, PersistedHistogram> histogramValues = new LinkedHashMap<>();
        for (Histogram histogram : Histogram.values()) {
            histogramValues.put(histogram.name(), histograms[histogram.ordinal()].export());
        }
        return new PersistedMetrics(PersistedMetrics.FORMAT, counterValues, timestampValues, histogramValues);
    }

    /** Adds what a previous run persisted; names this version does not know are logged and skipped. */
    void merge(PersistedMetrics persisted) {
        persisted.counters().forEach((name, value) -> known(Counter.class, "counter", name)
                .ifPresent(counter -> counters[counter.ordinal()].add(value)));
        persisted.timestamps().forEach((name, value) -> known(Timestamp.class, "timestamp", name)
                .ifPresent(timestamp -> timestamps[timestamp.ordinal()].accumulateAndGet(value, Math::max)));
        persisted.histograms().forEach((name, value) -> known(Histogram.class, "histogram", name)
                .ifPresent(histogram -> histograms[histogram.ordinal()].merge(value)));
    }

    private static <E extends Enum<E>> java.util.Optional<E> known(Class<E> type, String what, String name) {
        try {
            return java.util.Optional.of(Enum.valueOf(type, name));
        } catch (IllegalArgumentException e) {
            LOG.info("Persisted {} {} is unknown to this version; dropped", what, name);
            return java.util.Optional.empty();
        }
    }
}
