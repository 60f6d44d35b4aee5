package net.sonic.portsyncd.api.metrics;

import java.util.concurrent.TimeUnit;

/**
 * Every latency/duration distribution portsyncd records, in nanoseconds. Operator surfaces show each in one unit,
 * {@link #unit()}: microseconds where the values are short, milliseconds where they are long.
 */
public enum Histogram {
    EVENT_LATENCY("EventLatency", TimeUnit.MICROSECONDS,
            "Event latency: kernel link message received to its STATE_DB write acknowledged by Redis"),
    INITIAL_SYNC_DURATION("InitialSyncDuration", TimeUnit.MILLISECONDS,
            "Initial sync duration: start of a warm start's initial sync to its end (EOIU or timeout)");

    private final String attributePrefix;
    private final TimeUnit unit;
    private final String description;

    Histogram(String attributePrefix, TimeUnit unit, String description) {
        this.attributePrefix = attributePrefix;
        this.unit = unit;
        this.description = description;
    }

    public String attributePrefix() {
        return attributePrefix;
    }

    /** MICROSECONDS or MILLISECONDS. */
    public TimeUnit unit() {
        return unit;
    }

    public String description() {
        return description;
    }
}
