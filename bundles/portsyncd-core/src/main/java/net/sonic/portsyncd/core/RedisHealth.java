package net.sonic.portsyncd.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * sync thread clears it, once it has verified STATE_DB against the kernel.
 *
 * <p>The clear message gives the outage as Redis had it, not as it was noticed: from the earliest request known to
 * have gone unanswered (a probe's failure is noticed a timeout after it was sent, and a command of the sync thread
 * may notice later still) until the first answer after it. Thread safe.
 */
final class RedisHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);
    private static final List<String> DATABASES = List.of(SonicDb.CONFIG_DB, SonicDb.APPL_DB, SonicDb.STATE_DB);

    private final AlarmService alarms;
    private final MetricsRecorder metrics;
    private final LongSupplier nanoTime;
    private boolean available = true;
    private long unansweredSinceNanos;
    private boolean answered;
    private long answeredAtNanos;

    /** @param nanoTime the monotonic clock the callers' instants come from */
    RedisHealth(AlarmService alarms, MetricsRecorder metrics, LongSupplier nanoTime) {
        this.alarms = alarms;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    synchronized boolean available() {
        return available;
    }

    /**
     * Redis failed {@code detectedBy}; the first call of an outage logs, raises REDIS_DOWN and counts it. Every call
     * may move the outage's start earlier, and one about a request sent after Redis answered again means the
     * outage goes on.
     *
     * @param unansweredSinceNanos when the request that went unanswered was sent (or, when that is not known, when
     *                             its failure was seen)
     * @return true when this call began the outage
     */
    synchronized boolean lost(DbUnavailableException error, String detectedBy, int portsWaiting,
            long unansweredSinceNanos) {
        if (!available) {
            this.unansweredSinceNanos = Math.min(this.unansweredSinceNanos, unansweredSinceNanos);
            if (answered && unansweredSinceNanos - answeredAtNanos > 0) {
                answered = false;
            }
            return false;
        }
        available = false;
        answered = false;
        this.unansweredSinceNanos = unansweredSinceNanos;
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

    /** Redis answered a request at {@code atNanos}: the first answer of an outage is its end. */
    synchronized void answered(long atNanos) {
        if (!available && !answered) {
            answered = true;
            answeredAtNanos = atNanos;
        }
    }

    /** The sync thread verified STATE_DB after an outage: clears REDIS_DOWN with {@code what} was done. */
    synchronized void verified(String what) {
        if (available) {
            return;
        }
        available = true;
        long endNanos = answered ? answeredAtNanos : nanoTime.getAsLong();
        long millis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, endNanos - unansweredSinceNanos));
        String text = "Redis was unreachable for " + millis + " ms, from the first request it left unanswered until"
                + " it answered again; " + what;
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
