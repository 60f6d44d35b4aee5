package net.sonic.portsyncd.core;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;

/**
 * PortConfigDone and PortInitDone as APPL_DB shows them, for operators: read by the sync thread about once a second
 * (in the producer's pending key or in the table orchagent moved it to), and set at once when this run writes or
 * finds them.
 * What an operator is told is what APPL_DB held a moment ago, never what the engine believes it wrote.
 */
final class ApplDbSignals {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile boolean portConfigDone;
    private volatile boolean portInitDone;
    private long readAtNanos = System.nanoTime() - REFRESH_NANOS;

    boolean portConfigDone() {
        return portConfigDone;
    }

    boolean portInitDone() {
        return portInitDone;
    }

    /** This run wrote PortConfigDone, or found it when it decided to resume. */
    void markPortConfigDone() {
        portConfigDone = true;
    }

    /** This run wrote PortInitDone, or found it when it resumed. */
    void markPortInitDone() {
        portInitDone = true;
    }

    /** Sync thread: reads both signals in one round trip when the last read is a second old. */
    void refreshIfDue(RedisSession redis) {
        long now = System.nanoTime();
        if (now - readAtNanos < REFRESH_NANOS) {
            return;
        }
        readAtNanos = now;
        DbConnection appl = redis.appl();
        Batch reads = appl.batch();
        Supplier<Boolean> configDone = reads.exists(appl.info().key(RedisSession.APPL_PORT_TABLE, Startup.PORT_CONFIG_DONE));
        Supplier<Boolean> configDonePending = reads.exists(pendingKey(appl, Startup.PORT_CONFIG_DONE));
        Supplier<Boolean> initDone = reads.exists(appl.info().key(RedisSession.APPL_PORT_TABLE, Startup.PORT_INIT_DONE));
        Supplier<Boolean> initDonePending = reads.exists(pendingKey(appl, Startup.PORT_INIT_DONE));
        reads.execute();
        portConfigDone = configDone.get() || configDonePending.get();
        portInitDone = initDone.get() || initDonePending.get();
    }

    /** The ProducerStateTable's key of a value orchagent has not popped yet. */
    private static String pendingKey(DbConnection appl, String key) {
        return appl.info().key("_" + RedisSession.APPL_PORT_TABLE, key);
    }
}
