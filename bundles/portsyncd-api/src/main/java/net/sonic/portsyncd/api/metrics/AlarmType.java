package net.sonic.portsyncd.api.metrics;

/**
 * Every alarm portsyncd raises. {@link #notificationType()} is the JMX notification type prefix; a raise is
 * emitted as {@code <prefix>.raise} and a clear as {@code <prefix>.clear}, so a listener filtering on the
 * prefix receives both.
 */
public enum AlarmType {
    /** The port state file or one of its backups failed validation. */
    CORRUPTION("portsyncd.alarm.corruption"),
    /** The initial sync ended by the fallback timer instead of the end of the netlink dump. */
    EOIU_TIMEOUT("portsyncd.alarm.eoiu-timeout"),
    /** Redis (CONFIG_DB, APPL_DB or STATE_DB) is unreachable. */
    REDIS_DOWN("portsyncd.alarm.redis-down"),
    /** The kernel dropped netlink messages (ENOBUFS); a resync is needed to catch up. */
    NETLINK_OVERRUN("portsyncd.alarm.netlink-overrun"),
    /** The configured network namespace does not exist, was deleted or was replaced; links are not followed. */
    NETNS_UNAVAILABLE("portsyncd.alarm.netns-unavailable"),
    /** A configuration value was rejected; the component keeps its last good configuration. */
    CONFIG_REJECTED("portsyncd.alarm.config-rejected"),
    /** The port state file could not be saved (disk full, permissions, read-only); port state is unaffected. */
    STATE_SAVE_FAILED("portsyncd.alarm.state-save-failed"),
    /** portsyncd's bundles are wired to different revisions of the API bundle and the engine cannot run. */
    BUNDLE_WIRING("portsyncd.alarm.bundle-wiring"),
    /**
     * {@code metrics.json} or its directory is refused (a symbolic link, the wrong kind of file, a directory of
     * another user): the metrics are neither restored from it nor saved to it; counting goes on in memory.
     */
    METRICS_FILE_REFUSED("portsyncd.alarm.metrics-file-refused"),
    /**
     * Remote access over TLS is on but cannot be served as configured (a key, password, CA or address refused): its
     * JMX and HTTPS listeners are closed (MAJOR); or a rotated key or CA was refused and the previous one is still
     * served (MINOR).
     */
    REMOTE_ACCESS_FAILED("portsyncd.alarm.remote-access-failed");

    private final String notificationType;

    AlarmType(String notificationType) {
        this.notificationType = notificationType;
    }

    public String notificationType() {
        return notificationType;
    }

    public String raiseNotificationType() {
        return notificationType + ".raise";
    }

    public String clearNotificationType() {
        return notificationType + ".clear";
    }

    /** The alarm type whose {@link #notificationType()} is {@code text}, or its enum name. */
    public static AlarmType parse(String text) {
        for (AlarmType type : values()) {
            if (type.notificationType.equals(text) || type.name().equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown alarm type '" + text + "'");
    }
}
