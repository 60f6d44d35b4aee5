package net.sonic.portsyncd.api.metrics;

/**
 * Wall-clock instants of notable events, kept as epoch milliseconds (0 = never). The JMX attribute names end in
 * {@code AtMillis}.
 */
public enum Timestamp {
    LAST_WARM_RESTART("LastWarmRestartAtMillis", "When the sync engine last started WARM"),
    LAST_EOIU_DETECTION("LastEoiuDetectionAtMillis", "When an initial sync was last ended by the end of the dump"),
    LAST_STATE_RECOVERY("LastStateRecoveryAtMillis", "When the port state was last loaded from a backup"),
    LAST_CORRUPTION_DETECTED("LastCorruptionDetectedAtMillis", "When a port state file or backup was last rejected");

    private final String attributeName;
    private final String description;

    Timestamp(String attributeName, String description) {
        this.attributeName = attributeName;
        this.description = description;
    }

    public String attributeName() {
        return attributeName;
    }

    public String description() {
        return description;
    }
}
