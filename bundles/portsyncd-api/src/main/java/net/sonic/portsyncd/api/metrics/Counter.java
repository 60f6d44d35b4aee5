package net.sonic.portsyncd.api.metrics;

/**
 * Every counter portsyncd keeps: it only grows, except when an operator resets the metrics. The JMX attribute and
 * Prometheus names derive from {@link #attributeName()}; {@link #description()} is what JMX clients show.
 */
public enum Counter {
    WARM_RESTART("WarmRestartCount", "Starts that were WARM: SONiC warm restarts and resumes of a running switch"),
    COLD_START("ColdStartCount", "Starts that were COLD: CONFIG_DB copied to APPL_DB and PortConfigDone written"),
    EOIU_DETECTED("EoiuDetectedCount", "Initial syncs ended by the end of the engine's own netlink dump (EOIU)"),
    EOIU_TIMEOUT("EoiuTimeoutCount", "Initial syncs ended by the EOIU fallback timeout instead of the end of the dump"),
    STATE_RECOVERY("StateRecoveryCount", "Loads of the port state file that used a backup because the live file was"
            + " unusable"),
    CORRUPTION_DETECTED("CorruptionDetectedCount", "Port state files or backups rejected while loading (checksum,"
            + " format or content)"),
    BACKUP_CREATED("BackupCreatedCount", "Backups of the port state file created"),
    BACKUP_CLEANUP("BackupCleanupCount", "Backups of the port state file removed by cleanup (by count or by age)"),

    NETLINK_RECEIVED("NetlinkReceivedCount", "Link messages (RTM_NEWLINK, RTM_DELLINK) received from the kernel"),
    NETLINK_ACCEPTED("NetlinkAcceptedCount", "Link messages that passed the reference's filters"),
    NETLINK_IGNORED_NAME("NetlinkIgnoredNameCount", "Link messages ignored: the netdev's name is not a port name"),
    NETLINK_IGNORED_TEAM("NetlinkIgnoredTeamCount", "Link messages ignored: the netdev is a team (LAG) device"),
    NETLINK_IGNORED_MASTER("NetlinkIgnoredMasterCount", "Link messages ignored: RTM_DELLINK of a port enslaved to a"
            + " master"),
    NETLINK_IGNORED_OLD_IFINDEX("NetlinkIgnoredOldIfindexCount", "Link messages ignored: the ifindex belongs to a"
            + " netdev that existed before a cold start"),
    NETLINK_IGNORED_UNKNOWN_PORT("NetlinkIgnoredUnknownPortCount", "Link messages ignored: APPL_DB PORT_TABLE has no"
            + " row for the port"),
    NETLINK_PARSE_ERRORS("NetlinkParseErrorCount", "Netlink messages that could not be parsed and were dropped"),
    NETLINK_OVERRUNS("NetlinkOverrunCount", "Netlink receive overruns (messages lost); each one starts a re-dump"),
    NETLINK_RESYNCS("NetlinkResyncCount", "Re-dumps that made STATE_DB equal to the kernel after an overrun"),
    NETLINK_SPOOFED("NetlinkSpoofedCount", "Netlink datagrams dropped because they did not come from the kernel"),

    STATE_DB_WRITES("StateDbWriteCount", "STATE_DB PORT_TABLE rows written"),
    STATE_DB_DELETES("StateDbDeleteCount", "STATE_DB PORT_TABLE rows deleted"),
    APPL_DB_WRITES("ApplDbWriteCount", "APPL_DB PORT_TABLE entries written through the producer (ports,"
            + " PortConfigDone, PortInitDone)"),
    CONFIG_ROWS_REJECTED("ConfigRowRejectedCount", "CONFIG_DB PORT rows not copied to APPL_DB because their name is"
            + " empty, not UTF-8 or a signal key"),
    REDIS_ERRORS("RedisErrorCount", "Redis commands of the sync engine that failed"),
    REDIS_OUTAGES("RedisOutageCount", "Redis outages (REDIS_DOWN raised)"),
    REDIS_RECONNECTS("RedisReconnectCount", "Ends of Redis outages: Redis answered and STATE_DB was verified"),
    COALESCED_UPDATES("CoalescedUpdateCount", "Link messages replaced by a newer one for the same port before they"
            + " were written (Redis slow or down)"),
    STATE_DB_REPAIRS("StateDbRepairCount", "Verifications of STATE_DB against a fresh kernel dump after a Redis"
            + " outage"),
    CONFIG_REJECTED("ConfigRejectedCount", "Configuration values rejected (the last good value was kept)"),
    STATE_SAVE_FAILURES("StateSaveFailureCount", "Saves of the port state file that failed"),
    NETNS_REATTACHES("NetnsReattachCount", "Re-attachments to a network namespace that was deleted or replaced"),

    METRICS_FILE_REJECTED("MetricsFileRejectedCount", "Starts at which metrics.json was refused or invalid and the"
            + " metrics began from zero");

    private final String attributeName;
    private final String description;

    Counter(String attributeName, String description) {
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
