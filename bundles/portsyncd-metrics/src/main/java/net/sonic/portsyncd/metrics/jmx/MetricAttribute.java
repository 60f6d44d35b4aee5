package net.sonic.portsyncd.metrics.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;

/**
 * One numeric attribute of {@code type=Metrics}, named after the enums of the metrics API so the attribute set
 * grows with them: every counter ({@code WarmRestartCount}), every timestamp in epoch milliseconds, 0 = never
 * ({@code LastWarmRestart}), per histogram its count and p50/p90/p99/min/max/mean in microseconds
 * ({@code EventLatencyP99Micros}), and the initial sync durations in milliseconds
 * ({@code AvgInitialSyncDurationMillis}).
 */
record MetricAttribute(String name, String description, SimpleType<?> type, Function<MetricsSnapshot, Object> value) {

    static final List<MetricAttribute> ALL = List.copyOf(build());

    OpenMBeanAttributeInfoSupport info() {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, false, false);
    }

    private static List<MetricAttribute> build() {
        List<MetricAttribute> attributes = new ArrayList<>();
        for (Counter counter : Counter.values()) {
            attributes.add(new MetricAttribute(counter.attributeName(), "Counter " + counter.name() + " (total)",
                    SimpleType.LONG, snapshot -> snapshot.counter(counter)));
        }
        for (Timestamp timestamp : Timestamp.values()) {
            attributes.add(new MetricAttribute(timestamp.attributeName(),
                    "Time of " + timestamp.name() + ", epoch milliseconds; 0 = never", SimpleType.LONG,
                    snapshot -> snapshot.timestamp(timestamp)));
        }
        for (Histogram histogram : Histogram.values()) {
            String prefix = histogram.attributePrefix();
            attributes.add(new MetricAttribute(prefix + "Count", "Values recorded in " + histogram.name(),
                    SimpleType.LONG, snapshot -> snapshot.histogram(histogram).count()));
            addMicros(attributes, histogram, "P50", "median", HistogramSummary::p50Nanos);
            addMicros(attributes, histogram, "P90", "90th percentile", HistogramSummary::p90Nanos);
            addMicros(attributes, histogram, "P99", "99th percentile", HistogramSummary::p99Nanos);
            addMicros(attributes, histogram, "Min", "smallest value", HistogramSummary::minNanos);
            addMicros(attributes, histogram, "Max", "largest value", HistogramSummary::maxNanos);
            attributes.add(new MetricAttribute(prefix + "MeanMicros", "Mean of " + histogram.name() + " in microseconds",
                    SimpleType.DOUBLE, snapshot -> snapshot.histogram(histogram).meanNanos() / 1_000.0));
        }
        Histogram sync = Histogram.INITIAL_SYNC_DURATION;
        attributes.add(new MetricAttribute("AvgInitialSyncDurationMillis", "Mean initial sync duration in milliseconds",
                SimpleType.DOUBLE, snapshot -> snapshot.histogram(sync).meanNanos() / 1_000_000.0));
        attributes.add(new MetricAttribute("MaxInitialSyncDurationMillis", "Longest initial sync in milliseconds",
                SimpleType.LONG, snapshot -> snapshot.histogram(sync).maxNanos() / 1_000_000));
        attributes.add(new MetricAttribute("MinInitialSyncDurationMillis", "Shortest initial sync in milliseconds",
                SimpleType.LONG, snapshot -> snapshot.histogram(sync).minNanos() / 1_000_000));
        return attributes;
    }

    private static void addMicros(List<MetricAttribute> attributes, Histogram histogram, String suffix, String what,
            ToLongFunction<HistogramSummary> nanos) {
        attributes.add(new MetricAttribute(histogram.attributePrefix() + suffix + "Micros",
                what + " of " + histogram.name() + " in microseconds", SimpleType.LONG,
                snapshot -> (nanos.applyAsLong(snapshot.histogram(histogram)) + 500) / 1_000));
    }
}
