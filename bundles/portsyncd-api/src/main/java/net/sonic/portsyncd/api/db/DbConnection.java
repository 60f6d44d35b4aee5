package net.sonic.portsyncd.api.db;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One connection to one logical database. Not thread safe: one owner thread at a time. */
public interface DbConnection extends AutoCloseable {

    DbInfo info();

    /** HGETALL; empty when the key does not exist. Field order is the server's. */
    Map<String, String> hgetall(String key);

    Optional<String> hget(String key, String field);

    /** One multi-field HSET, fields in iteration order; nothing is sent for an empty map. */
    void hset(String key, Map<String, String> fields);

    boolean exists(String key);

    /** DEL; returns the number of keys removed. */
    long del(String... keys);

    /** Keys matching a glob pattern, listed with SCAN (never KEYS). */
    List<String> scan(String pattern);

    /**
     * Runs a Lua script with EVALSHA, loading it first when the server does not have it. The reply is Redis's,
     * decoded: Long for integers, String for bulk and status replies, List for arrays, null for nil. An error the
     * script raises is a {@link DbException}.
     */
    Object evalScript(Script script, List<String> keys, List<String> args);

    /** Starts a batch whose commands go out together in one round trip when {@link Batch#execute()} is called. */
    Batch batch();

    /** The table view {@code <table><sep><key>} on this connection. */
    Table table(String tableName);

    /**
     * Asks the server who it is ({@code INFO server}, field {@code run_id}), waiting at most {@code timeout} for the
     * answer: a liveness probe that also tells a restarted server (a new run id) from the one seen before.
     *
     * @throws DbUnavailableException when the server cannot be reached or does not answer in time
     */
    String serverRunId(Duration timeout);

    @Override
    void close();
}
