package net.sonic.portsyncd.api.metrics;

/** Every latency/duration distribution portsyncd records, in nanoseconds. */
public enum Histogram {
    /** Kernel message received to Redis write acknowledged. */
    EVENT_LATENCY("EventLatency"),
    /** Start of initial sync to its completion (EOIU or timeout). */
    INITIAL_SYNC_DURATION("InitialSyncDuration");

    private final String attributePrefix;

    Histogram(String attributePrefix) {
        this.attributePrefix = attributePrefix;
    }

    public String attributePrefix() {
        return attributePrefix;
    }
}
