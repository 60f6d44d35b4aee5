package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** A {@link DbConnection} on its own reconnecting Jedis connection. */
final class RedisDbConnection implements DbConnection {
    private static final int SCAN_COUNT = 1000;

    private final DbInfo info;
    private final ReconnectingJedis redis;
    private final Runnable onClose;
    private final Map<Script, LuaScript> scripts = new HashMap<>();

    RedisDbConnection(DbInfo info, ReconnectingJedis redis, Runnable onClose) {
        this.info = info;
        this.redis = redis;
        this.onClose = onClose;
    }

    @Override
    public DbInfo info() {
        return info;
    }

    @Override
    public Map<String, String> hgetall(String key) {
        return redis.call("HGETALL " + key, true,
                j -> Replies.fieldMap(j.sendCommand(Protocol.Command.HGETALL, key), "HGETALL " + key));
    }

    @Override
    public Optional<String> hget(String key, String field) {
        return Optional.ofNullable(redis.call("HGET " + key + " " + field, true, j -> j.hget(key, field)));
    }

    @Override
    public void hset(String key, Map<String, String> fields) {
        if (fields.isEmpty()) {
            return;
        }
        Map<String, String> ordered = new LinkedHashMap<>(fields);
        redis.call("HSET " + key, true, j -> j.hset(key, ordered));
    }

    @Override
    public boolean exists(String key) {
        return redis.call("EXISTS " + key, true, j -> j.exists(key));
    }

    @Override
    public long del(String... keys) {
        if (keys.length == 0) {
            return 0;
        }
        return redis.call("DEL " + String.join(" ", keys), true, j -> j.del(keys));
    }

    @Override
    public List<String> scan(String pattern) {
        return redis.call("SCAN MATCH " + pattern, true, j -> {
            ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            return keys;
        });
    }

    @Override
    public Object evalScript(Script script, List<String> keys, List<String> args) {
        LuaScript lua = scripts.computeIfAbsent(script, s -> LuaScript.of(s.name(), s.body()));
        return redis.call("EVALSHA " + script.name(), script.repeatable(), j -> lua.evalsha(j, keys, args));
    }

    @Override
    public Batch batch() {
        return new PipelineBatch(redis);
    }

    @Override
    public Table table(String tableName) {
        return new RedisTable(this, tableName);
    }

    @Override
    public String serverRunId(Duration timeout) {
        return redis.probe("INFO server", timeout, j -> runIdOf(j.info("server")));
    }

    static String runIdOf(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        throw new DbException("INFO server has no run_id");
    }

    @Override
    public void close() {
        redis.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "DbConnection[" + info.name() + "]";
    }
}
