package net.sonic.portsyncd.api.metrics;

/** Every counter portsyncd keeps. The JMX attribute and Prometheus names derive from {@link #attributeName()}. */
public enum Counter {
    WARM_RESTART("WarmRestartCount"),
    COLD_START("ColdStartCount"),
    EOIU_DETECTED("EoiuDetectedCount"),
    EOIU_TIMEOUT("EoiuTimeoutCount"),
    STATE_RECOVERY("StateRecoveryCount"),
    CORRUPTION_DETECTED("CorruptionDetectedCount"),
    BACKUP_CREATED("BackupCreatedCount"),
    BACKUP_CLEANUP("BackupCleanupCount"),

    NETLINK_RECEIVED("NetlinkReceivedCount"),
    NETLINK_ACCEPTED("NetlinkAcceptedCount"),
    NETLINK_IGNORED_NAME("NetlinkIgnoredNameCount"),
    NETLINK_IGNORED_TEAM("NetlinkIgnoredTeamCount"),
    NETLINK_IGNORED_MASTER("NetlinkIgnoredMasterCount"),
    NETLINK_IGNORED_OLD_IFINDEX("NetlinkIgnoredOldIfindexCount"),
    NETLINK_IGNORED_UNKNOWN_PORT("NetlinkIgnoredUnknownPortCount"),
    NETLINK_PARSE_ERRORS("NetlinkParseErrorCount"),
    NETLINK_OVERRUNS("NetlinkOverrunCount"),
    NETLINK_RESYNCS("NetlinkResyncCount"),
    NETLINK_SPOOFED("NetlinkSpoofedCount"),

    STATE_DB_WRITES("StateDbWriteCount"),
    STATE_DB_DELETES("StateDbDeleteCount"),
    APPL_DB_WRITES("ApplDbWriteCount"),
    CONFIG_ROWS_REJECTED("ConfigRowRejectedCount"),
    REDIS_ERRORS("RedisErrorCount"),
    REDIS_OUTAGES("RedisOutageCount"),
    REDIS_RECONNECTS("RedisReconnectCount"),
    COALESCED_UPDATES("CoalescedUpdateCount"),
    /** STATE_DB was compared with a fresh kernel dump after Redis came back (or restarted) and repaired. */
    STATE_DB_REPAIRS("StateDbRepairCount"),
    /** A configuration value (any portsyncd PID) was rejected and the last good value kept. */
    CONFIG_REJECTED("ConfigRejectedCount"),
    /** A save of the port state file failed. */
    STATE_SAVE_FAILURES("StateSaveFailureCount"),
    /** The capture re-attached to a network namespace that had been deleted or replaced. */
    NETNS_REATTACHES("NetnsReattachCount"),

    /** The persisted metrics file was unreadable or invalid at start and the metrics began from zero. */
    METRICS_FILE_REJECTED("MetricsFileRejectedCount");

    private final String attributeName;

    Counter(String attributeName) {
        this.attributeName = attributeName;
    }

    public String attributeName() {
        return attributeName;
    }
}
