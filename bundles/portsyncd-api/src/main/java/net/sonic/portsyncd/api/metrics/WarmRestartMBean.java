package net.sonic.portsyncd.api.metrics;

import javax.management.openmbean.TabularData;

/**
 * {@code net.sonic.portsyncd:type=WarmRestart}: the warm-restart lifecycle and the state file, for operators. The
 * MBean's info is an OpenMBeanInfo: every attribute, operation and parameter has an open type, a description and,
 * when numeric, units. Operations reject bad arguments with {@link IllegalArgumentException} and report failures
 * with {@link IllegalStateException}; no exception carries a class outside the JDK.
 */
@Description("portsyncd's warm-restart lifecycle: how the sync engine started, its initial sync, and the port state"
        + " file with its backups")
public interface WarmRestartMBean {

    @Description("How the sync engine started: COLD, WARM, or NONE before it decided")
    String getMode();

    @Description("Why the sync engine started that way (the evidence it found); empty before it decided")
    String getReason();

    @Description("The start is WARM because portsyncd restarted alone on a running switch (APPL_DB holds"
            + " PortConfigDone), not because of a SONiC warm restart")
    boolean isHotSwap();

    @Description("Lifecycle state: COLD_START, WARM_START, INITIAL_SYNC_IN_PROGRESS or INITIAL_SYNC_COMPLETE")
    String getState();

    /** Index {@code sequence} (int, from 1), {@code from}, {@code to}, {@code atMillis}. */
    @Description("Every lifecycle state change of this run, oldest first")
    TabularData getTransitions();

    @Description("How long a warm start's initial sync waits for the end of the netlink dump (EOIU) before it ends"
            + " anyway; writable, applies to a running initial sync too")
    @Units(Units.SECONDS)
    long getEoiuTimeoutSeconds();

    void setEoiuTimeoutSeconds(long seconds);

    @Description("Time since the initial sync began (frozen at its end), or -1 when none ran")
    @Units(Units.MILLISECONDS)
    long getInitialSyncElapsedMillis();

    @Description("A sync engine is running, so saveState can work")
    boolean isSyncEngineAvailable();

    @Description("Ends the running initial sync now, as if EOIU had come; false when none is running")
    boolean forceCompleteInitialSync();

    @Description("Writes the port state file now; false when the sync engine has no state store")
    boolean saveState();

    @Description("Copies the live port state file to a new backup; returns the backup's file name")
    String rotateStateFile();

    @Description("Keeps the newest backups and removes the others; returns how many were removed")
    @Units(Units.COUNT)
    int cleanupBackups(@Parameter(name = "keep", description = "How many of the newest backups to keep (0 or more)")
            @Units(Units.COUNT) int keep);

    @Description("Removes backups older than the configured maximum age; returns how many were removed")
    @Units(Units.COUNT)
    int cleanupStaleFiles();

    /** Index {@code fileName}, {@code createdAtMillis}, {@code sizeBytes}. */
    @Description("The backups of the port state file, newest first (reads only)")
    TabularData listBackups();
}
