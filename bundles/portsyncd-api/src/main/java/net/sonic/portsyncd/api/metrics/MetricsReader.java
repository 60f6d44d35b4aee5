package net.sonic.portsyncd.api.metrics;

import java.util.OptionalLong;

/** Reads what {@link MetricsRecorder} recorded: the JMX and shell views of the metrics. Thread safe. */
public interface MetricsReader {

    long counter(Counter counter);

    /** Epoch milliseconds of the last mark, empty when never marked. */
    OptionalLong timestamp(Timestamp timestamp);

    HistogramSummary histogram(Histogram histogram);

    /** Every metric, read together. */
    MetricsSnapshot snapshot();

    /** Zeroes every counter, histogram and timestamp, and persists the zeroes at once. */
    void reset();
}
