package net.sonic.portsyncd.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.DbConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code count} of APPL_DB's PortConfigDone equal to the number of ports CONFIG_DB configures, as dynamic
 * port breakout adds and removes {@code PORT|*} rows at run time: orchagent's warm-boot check requires the count to
 * equal the number of port keys in APPL_DB PORT_TABLE, and a count left at its start-up value makes the next warm
 * reboot fall back to cold. The field is set in place with HSET, never through the producer, so orchagent's consumer
 * is not notified and its run time is not disturbed; a PortConfigDone orchagent has not popped yet is updated in the
 * producer's pending hash the same way. Checked by the sync thread every few seconds (one SCAN of CONFIG_DB PORT).
 */
final class PortCountFollower {
    private static final Logger LOG = LoggerFactory.getLogger(PortCountFollower.class);
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String COUNT = "count";

    private final PortConfigReader reader;
    private long checkedAtNanos = System.nanoTime();
    private int listedNames = -1;
    private int configured = -1;

    PortCountFollower(PortConfigReader reader) {
        this.reader = reader;
    }

    /** What start-up read: CONFIG_DB PORT keys listed, and the ports among them that can be copied. */
    void startFrom(int names, int ports) {
        listedNames = names;
        configured = ports;
        checkedAtNanos = System.nanoTime() - CHECK_NANOS;
    }

    /**
     * Sync thread: lists CONFIG_DB PORT keys; when their number changed, reads the rows as start-up does and counts
     * the ports; writes that count wherever PortConfigDone holds another.
     */
    void followIfDue(RedisSession redis) {
        long now = System.nanoTime();
        if (configured < 0 || now - checkedAtNanos < CHECK_NANOS) {
            return;
        }
        checkedAtNanos = now;
        DbConnection config = redis.config();
        List<String> names = reader.portNames(config);
        if (names.size() != listedNames) {
            listedNames = names.size();
            configured = reader.readRows(config, names).size();
        }
        String count = Integer.toString(configured);
        DbConnection appl = redis.appl();
        for (String table : List.of(RedisSession.APPL_PORT_TABLE, "_" + RedisSession.APPL_PORT_TABLE)) {
            String key = appl.info().key(table, Startup.PORT_CONFIG_DONE);
            Map<String, String> signal = appl.hgetall(key);
            if (!signal.isEmpty() && !count.equals(signal.get(COUNT))) {
                appl.hset(key, Map.of(COUNT, count));
                LOG.info("{} count {} -> {}: CONFIG_DB PORT configures {} ports now (dynamic port breakout)", key,
                        signal.get(COUNT), count, count);
            }
        }
    }
}
