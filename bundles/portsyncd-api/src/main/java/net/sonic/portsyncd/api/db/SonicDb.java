package net.sonic.portsyncd.api.db;

/**
 * Entry point to the SONiC databases named in {@code database_config.json}. Connections are resolved from the
 * configuration: the unix socket when the file names one and it is reachable, else TCP.
 */
public interface SonicDb {

    String APPL_DB = "APPL_DB";
    String CONFIG_DB = "CONFIG_DB";
    String STATE_DB = "STATE_DB";

    /** The id, separator and endpoint of a logical database. */
    DbInfo info(String dbName) throws DbException;

    /**
     * Opens a dedicated connection to a logical database. The caller owns it and closes it. Commands on a
     * connection that lost Redis reconnect with bounded exponential backoff and then throw
     * {@link DbUnavailableException}; no write is silently dropped.
     */
    DbConnection connect(String dbName) throws DbException;

    /** A ProducerStateTable on its own connection (SONiC's protocol, byte for byte). */
    ProducerStateTable producerStateTable(String dbName, String tableName) throws DbException;

    /** A ConsumerStateTable on its own connections (pop side of SONiC's protocol). */
    ConsumerStateTable consumerStateTable(String dbName, String tableName, int popBatchSize) throws DbException;

    /** SONiC's warm-start protocol (swss-common WarmStart) on STATE_DB. */
    WarmStart warmStart() throws DbException;
}
