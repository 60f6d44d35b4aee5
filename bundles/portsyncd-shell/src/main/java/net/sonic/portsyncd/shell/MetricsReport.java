package net.sonic.portsyncd.shell;

import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.HistogramSummary;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code portsyncd:metrics}: every counter and event time under its JMX attribute name, and two rows per histogram
 * in milliseconds: since the metrics were last reset, and over the recent window.
 */
public final class MetricsReport {
    static final String SINCE_RESET = "since reset";
    static final String RECENT = "last " + MetricsSnapshot.RECENT_WINDOW.toSeconds() + " s";

    private MetricsReport() {
    }

    public static ShellTable values(MetricsSnapshot snapshot) {
        ShellTable table = new ShellTable();
        table.column("Metric");
        table.column("Value").alignRight();
        for (Counter counter : Counter.values()) {
            table.addRow().addContent(counter.attributeName(), snapshot.counter(counter));
        }
        for (Timestamp timestamp : Timestamp.values()) {
            table.addRow().addContent(timestamp.attributeName(), Format.instant(snapshot.timestamp(timestamp)));
        }
        return table;
    }

    public static ShellTable histograms(MetricsSnapshot snapshot) {
        ShellTable table = new ShellTable();
        table.column("Histogram");
        table.column("Window");
        table.column("Count").alignRight();
        table.column("Min ms").alignRight();
        table.column("Mean ms").alignRight();
        table.column("p50 ms").alignRight();
        table.column("p90 ms").alignRight();
        table.column("p99 ms").alignRight();
        table.column("Max ms").alignRight();
        for (Histogram histogram : Histogram.values()) {
            addRow(table, histogram, SINCE_RESET, snapshot.histogram(histogram));
            addRow(table, histogram, RECENT, snapshot.recentHistogram(histogram));
        }
        return table;
    }

    private static void addRow(ShellTable table, Histogram histogram, String window, HistogramSummary summary) {
        table.addRow().addContent(histogram.attributePrefix(), window, summary.count(),
                Format.nanosAsMillis(summary.minNanos()), Format.nanosAsMillis(summary.meanNanos()),
                Format.nanosAsMillis(summary.p50Nanos()), Format.nanosAsMillis(summary.p90Nanos()),
                Format.nanosAsMillis(summary.p99Nanos()), Format.nanosAsMillis(summary.maxNanos()));
    }
}
