package net.sonic.portsyncd.testkit.fake;

import java.time.Duration;
import java.util.List;
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
    private final StateTableProtocol protocol;
    private final int popBatchSize;
    private long notificationsSeen;
    private long queueLength;
    private boolean closed;

    FakeConsumerStateTable(MemoryRedis redis, StateTableProtocol protocol, int popBatchSize) {
        if (popBatchSize < 1) {
            throw new IllegalArgumentException("popBatchSize must be at least 1, was " + popBatchSize);
        }
        redis.connect(protocol.db());
        this.redis = redis;
        this.protocol = protocol;
        this.popBatchSize = popBatchSize;
        synchronized (redis) {
            queueLength = protocol.pendingCount(redis.keyspace(protocol.db().id()));
            notificationsSeen = redis.published(protocol.channel());
        }
    }

    @Override
    public List<KeyOpFields> pop(Duration timeout) {
        if (!awaitNotification(timeout)) {
            return List.of();
        }
        try {
            return redis.execute(protocol.db(), "CONSUMER_POP", protocol.table(), keys -> protocol.pop(keys, popBatchSize));
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
                throw new DbException(protocol.db().name() + ": connection is closed");
            }
            try {
                if (queueLength <= 0 && !redis.awaitPublished(protocol.channel(), notificationsSeen, timeout.toNanos())) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long published = redis.published(protocol.channel());
            queueLength += published - notificationsSeen;
            notificationsSeen = published;
            queueLength--;
            return true;
        }
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
