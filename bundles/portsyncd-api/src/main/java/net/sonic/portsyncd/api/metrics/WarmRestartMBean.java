package net.sonic.portsyncd.api.metrics;

import javax.management.openmbean.TabularData;

/**
 * {@code net.sonic.portsyncd:type=WarmRestart}: the warm-restart lifecycle and the state file, for operators. The
 * MBean's info is an OpenMBeanInfo: every attribute, operation and parameter has an open type. Operations reject bad arguments with {@link IllegalArgumentException} and report failures with
 * {@link IllegalStateException}; no exception carries a class outside the JDK.
 */
public interface WarmRestartMBean {

    /** COLD or WARM, or NONE before the sync engine decided how to start. */
    String getMode();

    /** Why that mode was chosen; empty before the decision. */
    String getReason();

    /** The start is WARM because a bundle was restarted in this boot, not because of a SONiC warm restart. */
    boolean isHotSwap();

    /** The lifecycle state (COLD_START, WARM_START, INITIAL_SYNC_IN_PROGRESS, INITIAL_SYNC_COMPLETE). */
    String getState();

    /** Every state transition of this run: index {@code sequence} (int, from 1), {@code from}, {@code to}, {@code atMillis}. */
    TabularData getTransitions();

    long getEoiuTimeoutSeconds();

    /** Changes the EOIU fallback timeout, also for a running initial sync. */
    void setEoiuTimeoutSeconds(long seconds);

    /** Milliseconds since the initial sync began (frozen at its end), or -1 when none ran. */
    long getInitialSyncElapsedMillis();

    /** A sync engine is bound, so {@link #saveState()} can work. */
    boolean isSyncEngineAvailable();

    /** Ends the initial sync now; false when none is running. */
    boolean forceCompleteInitialSync();

    /** Writes the port state file now; false when the sync engine has no state store. */
    boolean saveState();

    /** Copies the live state file to a new backup and returns the backup's file name. */
    String rotateStateFile();

    /** Keeps the newest {@code keep} backups and returns how many were removed. */
    int cleanupBackups(int keep);

    /** Removes backups older than the configured maximum age and returns how many were removed. */
    int cleanupStaleFiles();

    /** The backups, newest first: index {@code fileName}, {@code createdAtMillis}, {@code sizeBytes}. */
    TabularData listBackups();
}
