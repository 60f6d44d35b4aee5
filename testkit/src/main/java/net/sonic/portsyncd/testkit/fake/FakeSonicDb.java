package net.sonic.portsyncd.testkit.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.WarmStart;

/**
 * The SONiC databases in memory, for tests that need no redis-server: the standard ids and separators of
 * {@code database_config.json}, connections, pipelines, tables, the producer/consumer state table protocol and
 * SONiC's warm-start check, with the same key and field semantics as the Redis-backed client.
 *
 * <p>STATE_DB is placed on an instance of its own, so an engine writes it with pipelines, never with a Lua script
 * (this Redis runs none; the one-round-trip script is tested on a real redis-server).
 *
 * <p>A test drives it from outside: it seeds and reads rows without going through the code under test
 * ({@link #hset}, {@link #row}, ...), takes the server away and brings it back ({@link #goDown}, {@link #goDownAt},
 * {@link #comeBack}, {@link #restart}), and reads the commands the code sent ({@link #commands}). Keys hold what
 * the client would decode: a key whose bytes are not UTF-8 is written here with U+FFFD where they were.
 */
public final class FakeSonicDb implements SonicDb {
    /** The instance of every database but STATE_DB. */
    public static final String MAIN_INSTANCE = "redis";
    public static final String STATE_INSTANCE = "redis-state";

    /** One command as the server ran it: database name, command ({@code HSET}, {@code PRODUCER_SET}, ...), key. */
    public record Command(String db, String name, String key) {
    }

    /** A PUBLISH: channel and message. */
    public record Publication(String channel, String message) {
    }

    private static final Map<String, DbInfo> DATABASES = databases();

    private final MemoryRedis redis = new MemoryRedis();
    private WarmStart warmStart;

    private static Map<String, DbInfo> databases() {
        Map<String, DbInfo> all = new LinkedHashMap<>();
        add(all, APPL_DB, 0, ":", MAIN_INSTANCE);
        add(all, "ASIC_DB", 1, ":", MAIN_INSTANCE);
        add(all, "COUNTERS_DB", 2, ":", MAIN_INSTANCE);
        add(all, "LOGLEVEL_DB", 3, ":", MAIN_INSTANCE);
        add(all, CONFIG_DB, 4, "|", MAIN_INSTANCE);
        add(all, "FLEX_COUNTER_DB", 5, ":", MAIN_INSTANCE);
        add(all, STATE_DB, 6, "|", STATE_INSTANCE);
        return Map.copyOf(all);
    }

    private static void add(Map<String, DbInfo> all, String name, int id, String separator, String instance) {
        all.put(name, new DbInfo(name, id, separator, instance, "memory:" + instance));
    }

    // ---- SonicDb ----

    @Override
    public DbInfo info(String dbName) {
        DbInfo info = DATABASES.get(dbName);
        if (info == null) {
            throw new DbException("database " + dbName + " is not in the in-memory database_config.json");
        }
        return info;
    }

    @Override
    public DbConnection connect(String dbName) {
        DbInfo info = info(dbName);
        redis.connect(info);
        return new FakeConnection(redis, info);
    }

    @Override
    public ProducerStateTable producerStateTable(String dbName, String tableName) {
        return new FakeProducerStateTable(redis, new StateTableProtocol(info(dbName), requireName(tableName)));
    }

    @Override
    public ConsumerStateTable consumerStateTable(String dbName, String tableName, int popBatchSize) {
        return new FakeConsumerStateTable(redis, new StateTableProtocol(info(dbName), requireName(tableName)),
                popBatchSize);
    }

    /** One STATE_DB connection for the database's lifetime, as the client keeps. */
    @Override
    public synchronized WarmStart warmStart() {
        if (warmStart == null) {
            warmStart = new FakeWarmStart(connect(STATE_DB));
        }
        return warmStart;
    }

    private static String requireName(String tableName) {
        if (tableName == null || tableName.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
        return tableName;
    }

    // ---- the server, as a test controls it ----

    /** Redis stops answering: connecting and every command fail with DbUnavailableException until {@link #comeBack}. */
    public void goDown() {
        redis.goDown();
    }

    /**
     * Redis goes away at the first command matching {@code when}: that command is not run, and the server stays down
     * until {@link #comeBack}. Lets a test lose Redis at an exact point of the code under test.
     */
    public void goDownAt(Predicate<Command> when) {
        redis.goDownAt(when);
    }

    public void comeBack() {
        redis.comeBack();
    }

    /** A restarted server: it answers, with another run id, and its data as they were (a snapshot). */
    public void restart() {
        redis.restart(true);
    }

    /** A restarted server without persistence: another run id and no data at all. */
    public void restartEmpty() {
        redis.restart(false);
    }

    public boolean isUp() {
        return redis.up();
    }

    /** Connections, producers and consumers opened and not closed yet. */
    public int openConnections() {
        return redis.openConnections();
    }

    /** Every command the code under test sent since the start (or {@link #forgetCommands}), oldest first. */
    public List<Command> commands() {
        return redis.commands();
    }

    public List<Command> commands(Predicate<Command> which) {
        return redis.commands().stream().filter(which).toList();
    }

    /** Every message published (by producers), oldest first. */
    public List<Publication> publications() {
        return redis.publications();
    }

    public void forgetCommands() {
        redis.forgetCommands();
    }

    // ---- data, as a test seeds and reads them (not logged; work while the server is down) ----

    public void hset(String db, String key, Map<String, String> fields) {
        synchronized (redis) {
            MemoryRedis.hashForWrite(redis.keyspace(info(db).id()), info(db), "HSET", key).putAll(fields);
        }
    }

    /** {@code hset(db, key, "field", "value", ...)}. */
    public void hset(String db, String key, String... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields and values come in pairs");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        hset(db, key, fields);
    }

    /** The hash at {@code key} in its field order; empty when there is none, WRONGTYPE for another type. */
    public Map<String, String> row(String db, String key) {
        synchronized (redis) {
            return FakeConnection.copy(MemoryRedis.hash(redis.keyspace(info(db).id()), info(db), "HGETALL", key));
        }
    }

    public boolean exists(String db, String key) {
        synchronized (redis) {
            return redis.keyspace(info(db).id()).containsKey(key);
        }
    }

    public void del(String db, String key) {
        synchronized (redis) {
            redis.keyspace(info(db).id()).remove(key);
        }
    }

    /** Keys matching a Redis glob pattern. */
    public List<String> keys(String db, String pattern) {
        synchronized (redis) {
            return redis.keyspace(info(db).id()).keySet().stream().filter(key -> Glob.matches(pattern, key)).toList();
        }
    }

    /** A string value, which hash commands refuse (WRONGTYPE). */
    public void putString(String db, String key, String value) {
        synchronized (redis) {
            MemoryRedis.putString(redis.keyspace(info(db).id()), key, value);
        }
    }

    /** A set value, which hash commands refuse (WRONGTYPE). */
    public void putSet(String db, String key, String... members) {
        synchronized (redis) {
            MemoryRedis.putSet(redis.keyspace(info(db).id()), key, List.of(members));
        }
    }

    public void flushAll() {
        redis.flushAll();
    }
}
