package net.sonic.portsyncd.testkit.fake;

import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;

/**
 * swss-common's ProducerStateTable on the in-memory Redis, with the effects of its set and del scripts: the fields
 * go to {@code _<T><sep><key>}, the key joins {@code <T>_KEY_SET} (and {@code <T>_DEL_SET} for a del) and
 * {@code G} is published on {@code <T>_CHANNEL@<id>} when the key was not pending yet. The command log names each
 * call PRODUCER_SET or PRODUCER_DEL with the row's key ({@code PORT_TABLE:Ethernet0}).
 */
final class FakeProducerStateTable implements ProducerStateTable {
    static final String SET = "PRODUCER_SET";
    static final String DEL = "PRODUCER_DEL";

    private final MemoryRedis redis;
    private final StateTableKeys names;
    private boolean closed;

    FakeProducerStateTable(MemoryRedis redis, StateTableKeys names) {
        redis.connect(names.db());
        this.redis = redis;
        this.names = names;
    }

    @Override
    public String tableName() {
        return names.table();
    }

    @Override
    public synchronized void set(String key, Map<String, String> fields) {
        requireOpen();
        if (key == null || fields.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException("set on " + names.table() + ": key, fields and values must not be null");
        }
        redis.execute(names.db(), SET, names.row(key), keys -> {
            boolean added = MemoryRedis.sadd(keys, names.db(), names.keySet(), key);
            if (!fields.isEmpty()) {
                MemoryRedis.hashForWrite(keys, names.db(), "HSET", names.pending(key)).putAll(fields);
            }
            if (added) {
                redis.publish(names.channel(), "G");
            }
            return null;
        });
    }

    @Override
    public synchronized void del(String key) {
        requireOpen();
        redis.execute(names.db(), DEL, names.row(key), keys -> {
            boolean added = MemoryRedis.sadd(keys, names.db(), names.keySet(), key);
            MemoryRedis.sadd(keys, names.db(), names.delSet(), key);
            keys.remove(names.pending(key));
            if (added) {
                redis.publish(names.channel(), "G");
            }
            return null;
        });
    }

    /** One pipeline: the sets in order, with the effects of calling {@link #set} for each. */
    @Override
    public synchronized void setAll(List<KeyFields> entries) {
        synchronized (redis) {
            for (KeyFields entry : entries) {
                set(entry.key(), entry.fields());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            redis.disconnected();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new DbException(names.db().name() + ": connection is closed");
        }
    }
}
