package net.sonic.portsyncd.testkit.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.Script;
import net.sonic.portsyncd.api.db.Table;

/**
 * A {@link DbConnection} on the in-memory Redis. As the SONiC client's: a lost server fails every command with
 * DbUnavailableException, a closed connection refuses with DbException, HGETALL of another type is WRONGTYPE, an
 * empty HSET sends nothing. It runs no Lua: scripts are refused, as a server refusing them would.
 */
final class FakeConnection implements DbConnection {
    private final MemoryRedis redis;
    private final DbInfo info;
    private boolean closed;

    FakeConnection(MemoryRedis redis, DbInfo info) {
        this.redis = redis;
        this.info = info;
    }

    @Override
    public DbInfo info() {
        return info;
    }

    @Override
    public Map<String, String> hgetall(String key) {
        return run("HGETALL", key, keys -> copy(MemoryRedis.hash(keys, info, "HGETALL", key)));
    }

    @Override
    public Optional<String> hget(String key, String field) {
        return run("HGET", key, keys -> {
            Map<String, String> hash = MemoryRedis.hash(keys, info, "HGET", key);
            return Optional.ofNullable(hash == null ? null : hash.get(field));
        });
    }

    @Override
    public void hset(String key, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return;
        }
        Map<String, String> ordered = new LinkedHashMap<>(fields);
        run("HSET", key, keys -> MemoryRedis.hset(keys, info, key, ordered));
    }

    @Override
    public boolean exists(String key) {
        return run("EXISTS", key, keys -> keys.containsKey(key));
    }

    @Override
    public long del(String... keys) {
        if (keys.length == 0) {
            return 0;
        }
        return run("DEL", String.join(" ", keys), keyspace -> {
            long removed = 0;
            for (String key : keys) {
                removed += keyspace.remove(key) == null ? 0 : 1;
            }
            return removed;
        });
    }

    @Override
    public List<String> scan(String pattern) {
        return run("SCAN", pattern, keys -> {
            List<String> matching = new ArrayList<>();
            for (String key : keys.keySet()) {
                if (Glob.matches(pattern, key)) {
                    matching.add(key);
                }
            }
            return matching;
        });
    }

    @Override
    public Object evalScript(Script script, List<String> keys, List<String> args) {
        return run("EVALSHA", script.name(), keyspace -> {
            throw new DbException(info.name() + ": EVALSHA " + script.name() + " rejected by Redis: the in-memory"
                    + " Redis runs no Lua");
        });
    }

    @Override
    public Batch batch() {
        requireOpen();
        return new FakeBatch(redis, info, this::requireOpen);
    }

    @Override
    public Table table(String tableName) {
        return new FakeTable(this, tableName);
    }

    @Override
    public String serverRunId(Duration timeout) {
        requireOpen();
        return redis.runId(info);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            redis.disconnected();
        }
    }

    /** One command on this connection's database, as the server runs it. */
    <T> T run(String command, String key, java.util.function.Function<Map<String, Object>, T> body) {
        requireOpen();
        return redis.execute(info, command, key, body);
    }

    private void requireOpen() {
        if (closed) {
            throw new DbException(info.name() + ": connection is closed");
        }
    }

    static Map<String, String> copy(Map<String, String> hash) {
        return hash == null ? new LinkedHashMap<>() : new LinkedHashMap<>(hash);
    }
}
