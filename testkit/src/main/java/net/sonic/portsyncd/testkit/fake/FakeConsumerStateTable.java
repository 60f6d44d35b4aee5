package net.sonic.portsyncd.testkit.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;

/**
 * swss-common's ConsumerStateTable (what orchagent runs on APPL_DB PORT_TABLE) on the in-memory Redis: the pending
 * keys at creation plus every notification since are what {@link #pop} waits for; a pop moves up to the batch size
 * of pending keys into the table as the pops script does (a key in the del set first loses its row), and an entry
 * with no pending fields is a DEL. Logged as CONSUMER_POP.
 */
final class FakeConsumerStateTable implements ConsumerStateTable {
    private final MemoryRedis redis;
    private final StateTableKeys names;
    private final int popBatchSize;
    private long notificationsSeen;
    private long queueLength;
    private boolean closed;

    FakeConsumerStateTable(MemoryRedis redis, StateTableKeys names, int popBatchSize) {
        if (popBatchSize < 1) {
            throw new IllegalArgumentException("popBatchSize must be at least 1, was " + popBatchSize);
        }
        redis.connect(names.db());
        this.redis = redis;
        this.names = names;
        this.popBatchSize = popBatchSize;
        synchronized (redis) {
            Set<String> pending = MemoryRedis.set(redis.keyspace(names.db().id()), names.db(), "SCARD", names.keySet());
            queueLength = pending == null ? 0 : pending.size();
            notificationsSeen = redis.published(names.channel());
        }
    }

    @Override
    public List<KeyOpFields> pop(Duration timeout) {
        if (!awaitNotification(timeout)) {
            return List.of();
        }
        try {
            return redis.execute(names.db(), "CONSUMER_POP", names.table(), this::popPending);
        } catch (DbUnavailableException e) {
            synchronized (redis) {
                // the notification was not served: the next pop looks again
                queueLength++;
            }
            throw e;
        }
    }

    private boolean awaitNotification(Duration timeout) {
        synchronized (redis) {
            if (closed) {
                throw new DbException(names.db().name() + ": connection is closed");
            }
            try {
                if (queueLength <= 0 && !redis.awaitPublished(names.channel(), notificationsSeen, timeout.toNanos())) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long published = redis.published(names.channel());
            queueLength += published - notificationsSeen;
            notificationsSeen = published;
            queueLength--;
            return true;
        }
    }

    private List<KeyOpFields> popPending(Map<String, Object> keys) {
        List<KeyOpFields> entries = new ArrayList<>();
        Set<String> pending = MemoryRedis.set(keys, names.db(), "SPOP", names.keySet());
        if (pending == null) {
            return entries;
        }
        Iterator<String> next = pending.iterator();
        while (next.hasNext() && entries.size() < popBatchSize) {
            String key = next.next();
            next.remove();
            Set<String> deleted = MemoryRedis.set(keys, names.db(), "SREM", names.delSet());
            if (deleted != null && deleted.remove(key)) {
                keys.remove(names.row(key));
                MemoryRedis.dropIfEmpty(keys, names.delSet());
            }
            Map<String, String> fields = FakeConnection.copy(
                    MemoryRedis.hash(keys, names.db(), "HGETALL", names.pending(key)));
            if (!fields.isEmpty()) {
                MemoryRedis.hashForWrite(keys, names.db(), "HSET", names.row(key)).putAll(fields);
            }
            keys.remove(names.pending(key));
            entries.add(new KeyOpFields(key, fields.isEmpty() ? KeyOpFields.Op.DEL : KeyOpFields.Op.SET,
                    new LinkedHashMap<>(fields)));
        }
        MemoryRedis.dropIfEmpty(keys, names.keySet());
        return entries;
    }

    @Override
    public void close() {
        synchronized (redis) {
            if (!closed) {
                closed = true;
                redis.disconnected();
            }
        }
    }
}
