package net.sonic.portsyncd.metrics.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.management.ImmutableDescriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.api.metrics.Units;

/**
 * One numeric attribute of {@code type=Metrics}, named after the enums of the metrics API so the attribute set
 * grows with them: every counter ({@code WarmRestartCount}), every timestamp ({@code LastWarmRestartAtMillis}, 0 =
 * never), and per histogram its count and p50/p90/p99/min/max/mean in the histogram's unit, once since the metrics
 * were last reset ({@code EventLatencyP99Micros}) and once over the recent window
 * ({@code EventLatencyRecentP99Micros}). Each carries the JMX descriptor fields {@code units} and
 * {@code metricType} ("counter": only grows until a reset; "gauge").
 */
record MetricAttribute(String name, String description, SimpleType<?> type, String units, String metricType,
        Function<MetricsSnapshot, Object> value) {

    static final List<MetricAttribute> ALL = List.copyOf(build());

    private static final String COUNTER = "counter";
    private static final String GAUGE = "gauge";

    OpenMBeanAttributeInfoSupport info() {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, false, false,
                new ImmutableDescriptor(Map.of("units", units, "metricType", metricType)));
    }

    /** One of the two views of a histogram. */
    private enum Window {
        SINCE_RESET("", "since the metrics were last reset (kept across restarts)", COUNTER,
                MetricsSnapshot::histogram),
        RECENT("Recent", "over the last " + MetricsSnapshot.RECENT_WINDOW.toSeconds() + " s (it moves in "
                + MetricsSnapshot.RECENT_STEP.toSeconds() + " s steps)", GAUGE, MetricsSnapshot::recentHistogram);

        private final String infix;
        private final String span;
        private final String countType;
        private final BiFunction<MetricsSnapshot, Histogram, HistogramSummary> summary;

        Window(String infix, String span, String countType,
                BiFunction<MetricsSnapshot, Histogram, HistogramSummary> summary) {
            this.infix = infix;
            this.span = span;
            this.countType = countType;
            this.summary = summary;
        }
    }

    private static List<MetricAttribute> build() {
        List<MetricAttribute> attributes = new ArrayList<>();
        for (Counter counter : Counter.values()) {
            attributes.add(new MetricAttribute(counter.attributeName(), counter.description(), SimpleType.LONG,
                    Units.COUNT, COUNTER, snapshot -> snapshot.counter(counter)));
        }
        for (Timestamp timestamp : Timestamp.values()) {
            attributes.add(new MetricAttribute(timestamp.attributeName(), timestamp.description() + "; 0 = never",
                    SimpleType.LONG, Units.EPOCH_MILLISECONDS, GAUGE, snapshot -> snapshot.timestamp(timestamp)));
        }
        for (Histogram histogram : Histogram.values()) {
            for (Window window : Window.values()) {
                addHistogram(attributes, histogram, window);
            }
        }
        return attributes;
    }

    private static void addHistogram(List<MetricAttribute> attributes, Histogram histogram, Window window) {
        String prefix = histogram.attributePrefix() + window.infix;
        Function<MetricsSnapshot, HistogramSummary> summary = snapshot -> window.summary.apply(snapshot, histogram);
        attributes.add(new MetricAttribute(prefix + "Count", histogram.description() + ": values recorded "
                + window.span, SimpleType.LONG, Units.COUNT, window.countType, snapshot -> summary.apply(snapshot).count()));
        addValue(attributes, histogram, window, "P50", "median", HistogramSummary::p50Nanos);
        addValue(attributes, histogram, window, "P90", "90th percentile", HistogramSummary::p90Nanos);
        addValue(attributes, histogram, window, "P99", "99th percentile", HistogramSummary::p99Nanos);
        addValue(attributes, histogram, window, "Min", "smallest value", HistogramSummary::minNanos);
        addValue(attributes, histogram, window, "Max", "largest value", HistogramSummary::maxNanos);
        long nanosPerUnit = histogram.unit().toNanos(1);
        attributes.add(new MetricAttribute(prefix + "Mean" + suffix(histogram.unit()),
                histogram.description() + ": mean " + window.span, SimpleType.DOUBLE, units(histogram.unit()), GAUGE,
                snapshot -> summary.apply(snapshot).meanNanos() / nanosPerUnit));
    }

    private static void addValue(List<MetricAttribute> attributes, Histogram histogram, Window window, String statistic,
            String what, ToLongFunction<HistogramSummary> nanos) {
        long nanosPerUnit = histogram.unit().toNanos(1);
        attributes.add(new MetricAttribute(histogram.attributePrefix() + window.infix + statistic
                + suffix(histogram.unit()), histogram.description() + ": " + what + " " + window.span,
                SimpleType.LONG, units(histogram.unit()), GAUGE,
                snapshot -> (nanos.applyAsLong(window.summary.apply(snapshot, histogram)) + nanosPerUnit / 2)
                        / nanosPerUnit));
    }

    private static String suffix(TimeUnit unit) {
        return switch (unit) {
            case MICROSECONDS -> "Micros";
            case MILLISECONDS -> "Millis";
            default -> throw new IllegalArgumentException("histograms are shown in microseconds or milliseconds, not "
                    + unit);
        };
    }

    private static String units(TimeUnit unit) {
        return switch (unit) {
            case MICROSECONDS -> Units.MICROSECONDS;
            case MILLISECONDS -> Units.MILLISECONDS;
            default -> throw new IllegalArgumentException("histograms are shown in microseconds or milliseconds, not "
                    + unit);
        };
    }
}
