package net.sonic.portsyncd.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis is known to answer and STATE_DB to be right, as the sync thread's own commands and the liveness
 * probe find it. The first failure of an outage, whoever sees it, raises REDIS_DOWN and counts the outage; only the
 * sync thread clears it, once it has verified STATE_DB against the kernel. Thread safe.
 */
final class RedisHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);
    private static final List<String> DATABASES = List.of(SonicDb.CONFIG_DB, SonicDb.APPL_DB, SonicDb.STATE_DB);

    private final AlarmService alarms;
    private final MetricsRecorder metrics;
    private boolean available = true;
    private long sinceNanos;

    RedisHealth(AlarmService alarms, MetricsRecorder metrics) {
        this.alarms = alarms;
        this.metrics = metrics;
    }

    synchronized boolean available() {
        return available;
    }

    /**
     * Redis failed {@code detectedBy}; the first call of an outage logs, raises REDIS_DOWN and counts it.
     *
     * @return true when this call began the outage
     */
    synchronized boolean lost(DbUnavailableException error, String detectedBy, int portsWaiting) {
        if (!available) {
            return false;
        }
        available = false;
        sinceNanos = System.nanoTime();
        String message = String.valueOf(error.getMessage());
        LOG.warn("Redis is unreachable ({}), found by {}; keeping the latest state of every port and writing it when"
                + " Redis is back", message, detectedBy);
        alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "Redis is unreachable: " + message,
                Map.of("database", databaseOf(message),
                        "error", message,
                        "detectedBy", detectedBy,
                        "portsWaiting", Integer.toString(portsWaiting)));
        metrics.increment(Counter.REDIS_OUTAGES);
        return true;
    }

    /** The sync thread verified STATE_DB after an outage: clears REDIS_DOWN with {@code what} was done. */
    synchronized void verified(String what) {
        if (available) {
            return;
        }
        available = true;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
        String text = "Redis answers again after " + millis + " ms; " + what;
        LOG.info(text);
        alarms.clear(AlarmType.REDIS_DOWN, text);
        metrics.increment(Counter.REDIS_RECONNECTS);
    }

    /** Start-up is done: also clears what an engine stopped during an outage left raised. */
    synchronized void startUpDone() {
        available = true;
        alarms.clear(AlarmType.REDIS_DOWN, "the SONiC databases answer; start-up done");
    }

    /** The SONiC client names the database first in its errors; the exception carries it nowhere else. */
    private static String databaseOf(String message) {
        return DATABASES.stream().filter(message::startsWith).findFirst().orElse("unknown");
    }
}
