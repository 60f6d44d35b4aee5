package net.sonic.portsyncd.api.db;

/**
 * Outcome of the SONiC warm-start check.
 *
 * @param warm          true when the daemon must start warm
 * @param systemEnabled WARM_RESTART_ENABLE_TABLE|system enable=true
 * @param dockerEnabled WARM_RESTART_ENABLE_TABLE|&lt;docker&gt; enable=true
 * @param restoreCount  the restore_count written by the check
 * @param reason        human-readable reason, for logs and JMX
 */
public record WarmStartCheck(boolean warm, boolean systemEnabled, boolean dockerEnabled, long restoreCount, String reason) {
}
