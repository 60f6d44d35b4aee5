package net.sonic.portsyncd.api.metrics;

/**
 * Read side of the metrics, for the operator surfaces (shell, JMX). The metrics bundle publishes it next to
 * {@link MetricsRecorder}.
 */
public interface MetricsReader {

    /** Every counter, timestamp and histogram summary, copied at one instant. */
    MetricsSnapshot snapshot();
}
