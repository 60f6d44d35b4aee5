package net.sonic.portsyncd.sonicdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * swss-common's ProducerStateTable (unbuffered, as portsyncd and portmgrd use it) on its own connection.
 * Its scripts are loaded once when it is created and again only after Redis answers NOSCRIPT. Safe for use by
 * several threads; commands are serialised.
 */
final class RedisProducerStateTable implements ProducerStateTable {
    /** The update notification swss-common publishes (SWSS_TABLE_UPDATE_NOTIFICATION is not inspected by consumers). */
    static final String NOTIFICATION = "G";

    private final StateTableNames names;
    private final ReconnectingJedis redis;
    private final Runnable onClose;

    RedisProducerStateTable(StateTableNames names, ReconnectingJedis redis, Runnable onClose) {
        this.names = names;
        this.redis = redis;
        this.onClose = onClose;
        redis.call("SCRIPT LOAD", true, j -> {
            StateTableScripts.SET.load(j);
            StateTableScripts.DEL.load(j);
            return null;
        });
    }

    @Override
    public String tableName() {
        return names.table();
    }

    @Override
    public synchronized void set(String key, Map<String, String> fields) {
        Invocation set = setInvocation(key, fields);
        redis.call("set " + names.tempHash(key), true, j -> StateTableScripts.SET.evalsha(j, set.keys(), set.args()));
    }

    @Override
    public synchronized void del(String key) {
        List<String> keys = List.of(names.channel(), names.keySet(), names.tempHash(key), names.delSet());
        List<String> args = List.of(NOTIFICATION, key, "''", "''");
        redis.call("del " + names.tempHash(key), true, j -> StateTableScripts.DEL.evalsha(j, keys, args));
    }

    /**
     * One pipeline of set-EVALSHAs: one round trip (two when the script must be reloaded), with exactly the
     * commands, Redis state and notifications of calling {@link #set} for each entry in order.
     */
    @Override
    public synchronized void setAll(List<KeyFields> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Invocation> invocations = new ArrayList<>(entries.size());
        entries.forEach(e -> invocations.add(setInvocation(e.key(), e.fields())));
        redis.call("set of " + entries.size() + " keys in " + names.table(), true, j -> {
            List<Invocation> missingScript = pipelineSets(j, invocations);
            if (!missingScript.isEmpty()) {
                StateTableScripts.SET.load(j);
                List<Invocation> stillMissing = pipelineSets(j, missingScript);
                if (!stillMissing.isEmpty()) {
                    throw new DbException("set script vanished again right after SCRIPT LOAD");
                }
            }
            return null;
        });
    }

    /** Sends the sets in one pipeline and returns those that failed with NOSCRIPT, in order. */
    private static List<Invocation> pipelineSets(Jedis jedis, List<Invocation> invocations) {
        Pipeline pipeline = jedis.pipelined();
        List<Response<Object>> responses = new ArrayList<>(invocations.size());
        for (Invocation inv : invocations) {
            responses.add(pipeline.evalsha(StateTableScripts.SET.sha1(), inv.keys(), inv.args()));
        }
        pipeline.sync();
        List<Invocation> missing = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            try {
                responses.get(i).get();
            } catch (JedisNoScriptException e) {
                missing.add(invocations.get(i));
            } catch (JedisDataException e) {
                throw new DbException("set of " + invocations.get(i).args().get(1) + " rejected: " + e.getMessage(), e);
            }
        }
        return missing;
    }

    /** KEYS = [channel, key set, temp hash x N], ARGV = ["G", key, f1, v1, ...] (swss-common's layout). */
    private Invocation setInvocation(String key, Map<String, String> fields) {
        if (key == null || fields.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException("set on " + names.table() + ": key, fields and values must not be null"
                    + " (key " + key + ", fields " + fields + ")");
        }
        String tempHash = names.tempHash(key);
        List<String> keys = new ArrayList<>(fields.size() + 2);
        keys.add(names.channel());
        keys.add(names.keySet());
        List<String> args = new ArrayList<>(2 + 2 * fields.size());
        args.add(NOTIFICATION);
        args.add(key);
        fields.forEach((field, value) -> {
            keys.add(tempHash);
            args.add(field);
            args.add(value);
        });
        return new Invocation(keys, args);
    }

    @Override
    public void close() {
        synchronized (this) {
            redis.close();
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "ProducerStateTable[" + names.db().name() + " " + names.table() + "]";
    }

    private record Invocation(List<String> keys, List<String> args) {
    }
}
