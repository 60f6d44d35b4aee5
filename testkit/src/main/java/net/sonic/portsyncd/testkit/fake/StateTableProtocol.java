package net.sonic.portsyncd.testkit.fake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.KeyOpFields;

/**
 * What swss-common's producer set and del scripts and the consumer's pops script do to the keys of one table
 * (common/producerstatetable.cpp, consumer_state_table_pops.lua), on the in-memory keyspace: pending fields in
 * {@code _<T><sep><key>}, pending keys in {@code <T>_KEY_SET}, pending deletions in {@code <T>_DEL_SET}, one
 * {@code G} on {@code <T>_CHANNEL@<id>} per key that was not pending yet. Callers hold the Redis monitor.
 */
final class StateTableProtocol {
    private final DbInfo db;
    private final String table;
    private final String pendingKeys;
    private final String pendingDeletions;
    private final String channel;

    StateTableProtocol(DbInfo db, String table) {
        this.db = db;
        this.table = table;
        this.pendingKeys = table + "_KEY_SET";
        this.pendingDeletions = table + "_DEL_SET";
        this.channel = table + "_CHANNEL@" + db.id();
    }

    DbInfo db() {
        return db;
    }

    String table() {
        return table;
    }

    String channel() {
        return channel;
    }

    /** The table's row of {@code key}, {@code <T><sep><key>}. */
    String row(String key) {
        return db.key(table, key);
    }

    /** The set script; true when the key was not pending yet, so a notification is due. */
    boolean set(Map<String, Object> keys, String key, Map<String, String> fields) {
        boolean added = MemoryRedis.sadd(keys, db, pendingKeys, key);
        if (!fields.isEmpty()) {
            MemoryRedis.hashForWrite(keys, db, "HSET", "_" + row(key)).putAll(fields);
        }
        return added;
    }

    /** The del script; true when the key was not pending yet. */
    boolean del(Map<String, Object> keys, String key) {
        boolean added = MemoryRedis.sadd(keys, db, pendingKeys, key);
        MemoryRedis.sadd(keys, db, pendingDeletions, key);
        keys.remove("_" + row(key));
        return added;
    }

    int pendingCount(Map<String, Object> keys) {
        Set<String> pending = MemoryRedis.set(keys, db, "SCARD", pendingKeys);
        return pending == null ? 0 : pending.size();
    }

    /**
     * The pops script: up to {@code most} pending keys move into the table, a pending deletion first removing the
     * row; a key without pending fields comes out as a DEL.
     */
    List<KeyOpFields> pop(Map<String, Object> keys, int most) {
        List<KeyOpFields> entries = new ArrayList<>();
        Set<String> pending = MemoryRedis.set(keys, db, "SPOP", pendingKeys);
        if (pending == null) {
            return entries;
        }
        Iterator<String> next = pending.iterator();
        while (next.hasNext() && entries.size() < most) {
            String key = next.next();
            next.remove();
            Set<String> deletions = MemoryRedis.set(keys, db, "SREM", pendingDeletions);
            if (deletions != null && deletions.remove(key)) {
                keys.remove(row(key));
                MemoryRedis.dropIfEmpty(keys, pendingDeletions);
            }
            Map<String, String> fields = FakeConnection.copy(MemoryRedis.hash(keys, db, "HGETALL", "_" + row(key)));
            if (!fields.isEmpty()) {
                MemoryRedis.hashForWrite(keys, db, "HSET", row(key)).putAll(fields);
            }
            keys.remove("_" + row(key));
            entries.add(new KeyOpFields(key, fields.isEmpty() ? KeyOpFields.Op.DEL : KeyOpFields.Op.SET,
                    new LinkedHashMap<>(fields)));
        }
        MemoryRedis.dropIfEmpty(keys, pendingKeys);
        return entries;
    }
}
