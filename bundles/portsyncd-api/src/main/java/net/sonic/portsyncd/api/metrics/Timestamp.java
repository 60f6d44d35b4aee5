package net.sonic.portsyncd.api.metrics;

/** Wall-clock instants of notable events, kept as epoch milliseconds. */
public enum Timestamp {
    LAST_WARM_RESTART("LastWarmRestart"),
    LAST_EOIU_DETECTION("LastEoiuDetection"),
    LAST_STATE_RECOVERY("LastStateRecovery"),
    LAST_CORRUPTION_DETECTED("LastCorruptionDetected");

    private final String attributeName;

    Timestamp(String attributeName) {
        this.attributeName = attributeName;
    }

    public String attributeName() {
        return attributeName;
    }
}
