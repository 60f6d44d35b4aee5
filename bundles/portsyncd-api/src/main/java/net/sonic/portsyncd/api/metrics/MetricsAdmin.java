package net.sonic.portsyncd.api.metrics;

/** Operator control of the metrics (JMX resetMetrics, shell). Published by the metrics bundle. */
public interface MetricsAdmin {

    /** Zeroes every counter, histogram and timestamp, and persists the zeroes at once. */
    void reset();
}
