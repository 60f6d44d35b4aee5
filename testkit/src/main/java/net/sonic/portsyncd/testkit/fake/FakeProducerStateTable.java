package net.sonic.portsyncd.testkit.fake;

import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;

/**
 * swss-common's ProducerStateTable on the in-memory Redis, with the effects of its set and del scripts: the fields
 * go to {@code _<T><sep><key>}, the key joins {@code <T>_KEY_SET} (and {@code <T>_DEL_SET} for a del) and
 * {@code G} is published on {@code <T>_CHANNEL@<id>} when the key was not pending yet. The command log protocol each
 * call PRODUCER_SET or PRODUCER_DEL with the row's key ({@code PORT_TABLE:Ethernet0}).
 */
final class FakeProducerStateTable implements ProducerStateTable {
    static final String SET = "PRODUCER_SET";
    static final String DEL = "PRODUCER_DEL";

    private final MemoryRedis redis;
    private final StateTableProtocol protocol;
    private boolean closed;

    FakeProducerStateTable(MemoryRedis redis, StateTableProtocol protocol) {
        redis.connect(protocol.db());
        this.redis = redis;
        this.protocol = protocol;
    }

    @Override
    public String tableName() {
        return protocol.table();
    }

    @Override
    public synchronized void set(String key, Map<String, String> fields) {
        requireOpen();
        if (key == null || fields.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException("set on " + protocol.table() + ": key, fields and values must not be null");
        }
        redis.execute(protocol.db(), SET, protocol.row(key), keys -> notifyIf(protocol.set(keys, key, fields)));
    }

    @Override
    public synchronized void del(String key) {
        requireOpen();
        redis.execute(protocol.db(), DEL, protocol.row(key), keys -> notifyIf(protocol.del(keys, key)));
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

    private Void notifyIf(boolean keyWasNew) {
        if (keyWasNew) {
            redis.publish(protocol.channel(), "G");
        }
        return null;
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
            throw new DbException(protocol.db().name() + ": connection is closed");
        }
    }
}
