package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.WarmStart;
import net.sonic.portsyncd.sonicdb.DatabaseConfig.DatabaseEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SONiC databases of one namespace, resolved from {@code database_config.json} (or a
 * {@code database_global.json}). Opening only reads the configuration; connections are made when asked for.
 * Closing the client closes every connection, table and subscription it handed out.
 */
public final class SonicDbClient implements SonicDb, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SonicDbClient.class);

    private final DatabaseConfig config;
    private final String namespace;
    private final RedisConnector connector;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private RedisWarmStart warmStart;
    private volatile boolean closed;

    private SonicDbClient(DatabaseConfig config, String namespace, ConnectionSettings settings) {
        this.config = config;
        this.namespace = namespace;
        this.connector = new RedisConnector(settings);
    }

    /**
     * Reads the configuration of {@code namespace} ("" = default) with {@code timeout} as connect and read
     * timeout and the default reconnect policy.
     *
     * @throws DbException naming the file and the offending field when the file is missing or malformed
     */
    public static SonicDbClient open(Path databaseConfigJson, String namespace, Duration timeout) {
        return open(databaseConfigJson, namespace, ConnectionSettings.withTimeout(timeout));
    }

    /** As {@link #open(Path, String, Duration)} with explicit timeouts and reconnect policy. */
    public static SonicDbClient open(Path databaseConfigJson, String namespace, ConnectionSettings settings) {
        String ns = namespace == null ? "" : namespace;
        DatabaseConfig config = DatabaseConfigParser.load(databaseConfigJson, ns);
        LOG.debug("Loaded {} databases of namespace '{}' from {}", config.databases().size(), ns, config.source());
        return new SonicDbClient(config, ns, settings);
    }

    /** The namespace this client serves ("" = default). */
    public String namespace() {
        return namespace;
    }

    /** The database_config.json the databases were read from (the included file for a namespace). */
    public Path source() {
        return config.source();
    }

    /** Names of all databases in the configuration, sorted. */
    public Set<String> databaseNames() {
        return config.databaseNames();
    }

    @Override
    public DbInfo info(String dbName) {
        DatabaseEntry entry = config.database(dbName);
        RedisInstance instance = config.instanceOf(entry);
        return new DbInfo(entry.name(), entry.id(), entry.separator(), instance.name(), connector.endpointOf(instance));
    }

    @Override
    public DbConnection connect(String dbName) {
        DatabaseEntry entry = config.database(dbName);
        ReconnectingJedis redis = reconnecting(entry);
        DbInfo info = info(dbName);
        try {
            redis.connection();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return track(onClose -> new RedisDbConnection(info, redis, onClose));
    }

    @Override
    public ProducerStateTable producerStateTable(String dbName, String tableName) {
        requireTableName(tableName);
        DatabaseEntry entry = config.database(dbName);
        ReconnectingJedis redis = reconnecting(entry);
        try {
            StateTableNames names = new StateTableNames(info(dbName), tableName);
            return track(onClose -> new RedisProducerStateTable(names, redis, onClose));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @Override
    public ConsumerStateTable consumerStateTable(String dbName, String tableName, int popBatchSize) {
        requireTableName(tableName);
        DatabaseEntry entry = config.database(dbName);
        RedisInstance instance = config.instanceOf(entry);
        ReconnectingJedis redis = reconnecting(entry);
        NotificationSubscriber.Factory subscribers = (channel, onMessage, onResubscribed) ->
                new NotificationSubscriber(channel, () -> connector.open(instance, entry.id()), connector.settings(),
                        onMessage, onResubscribed).start();
        try {
            StateTableNames names = new StateTableNames(info(dbName), tableName);
            return track(onClose -> new RedisConsumerStateTable(names, redis, subscribers, popBatchSize, onClose));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** One STATE_DB connection for the client's lifetime, shared by every caller of the returned WarmStart. */
    @Override
    public synchronized WarmStart warmStart() {
        ensureOpen();
        if (warmStart == null) {
            warmStart = new RedisWarmStart(connect(STATE_DB));
        }
        return warmStart;
    }

    private ReconnectingJedis reconnecting(DatabaseEntry entry) {
        ensureOpen();
        return new ReconnectingJedis(connector, config.instanceOf(entry), entry.name(), entry.id());
    }

    /** Registers what {@code factory} creates so that {@link #close()} closes it; it deregisters itself on close. */
    private <T extends AutoCloseable> T track(Function<Runnable, T> factory) {
        Registration registration = new Registration();
        T resource = factory.apply(registration);
        registration.resource = resource;
        open.add(resource);
        if (closed) {
            closeQuietly(resource);
            throw new DbException("SonicDbClient for " + config.source() + " is closed");
        }
        return resource;
    }

    private void ensureOpen() {
        if (closed) {
            throw new DbException("SonicDbClient for " + config.source() + " is closed");
        }
    }

    private static void requireTableName(String tableName) {
        if (tableName == null || tableName.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
    }

    @Override
    public void close() {
        closed = true;
        List<AutoCloseable> resources = new ArrayList<>(open);
        open.clear();
        resources.forEach(SonicDbClient::closeQuietly);
        synchronized (this) {
            warmStart = null;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed: {}", resource, e.toString());
        }
    }

    private final class Registration implements Runnable {
        private volatile AutoCloseable resource;

        @Override
        public void run() {
            AutoCloseable r = resource;
            if (r != null) {
                open.remove(r);
            }
        }
    }

    @Override
    public String toString() {
        return "SonicDbClient[" + config.source() + (namespace.isEmpty() ? "" : ", namespace " + namespace) + "]";
    }
}
