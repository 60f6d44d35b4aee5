package net.sonic.portsyncd.core;

import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync thread's connections: CONFIG_DB, APPL_DB, STATE_DB and the APPL_DB PORT_TABLE producer. Opened on
 * first use; after Redis was lost they are dropped and opened afresh, so recovery never depends on the state of
 * a connection that saw the failure. Used by the sync thread only.
 */
final class RedisSession implements AutoCloseable {
    static final String APPL_PORT_TABLE = "PORT_TABLE";
    private static final Logger LOG = LoggerFactory.getLogger(RedisSession.class);

    private final SonicDb db;
    private DbConnection config;
    private DbConnection appl;
    private DbConnection state;
    private ProducerStateTable producer;
    private DbInfo applInfo;

    RedisSession(SonicDb db) {
        this.db = db;
    }

    DbConnection config() {
        if (config == null) {
            config = db.connect(SonicDb.CONFIG_DB);
        }
        return config;
    }

    DbConnection appl() {
        if (appl == null) {
            appl = db.connect(SonicDb.APPL_DB);
        }
        return appl;
    }

    DbConnection state() {
        if (state == null) {
            state = db.connect(SonicDb.STATE_DB);
        }
        return state;
    }

    /** APPL_DB as the configuration describes it, without opening a connection to it. */
    DbInfo applInfo() {
        if (applInfo == null) {
            applInfo = db.info(SonicDb.APPL_DB);
        }
        return applInfo;
    }

    /** True when APPL_DB and STATE_DB are reached at the same endpoint, so one script can work on both. */
    boolean applAndStateShareAnInstance() {
        return applInfo().endpoint().equals(state().info().endpoint());
    }

    ProducerStateTable producer() {
        if (producer == null) {
            producer = db.producerStateTable(SonicDb.APPL_DB, APPL_PORT_TABLE);
        }
        return producer;
    }

    /** Closes every connection; the next use opens new ones. */
    void reset() {
        closeQuietly(config);
        closeQuietly(appl);
        closeQuietly(state);
        closeQuietly(producer);
        config = null;
        appl = null;
        state = null;
        producer = null;
        applInfo = null;
    }

    @Override
    public void close() {
        reset();
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("Closing a Redis connection failed: {}", e.toString());
            }
        }
    }
}
