package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyOpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * swss-common's ConsumerStateTable. The initial queue length is SCARD of the key set, read in a
 * WATCH/MULTI/SCARD/EXEC transaction (retried until EXEC succeeds) once the subscription on the second connection
 * is live; every notification then adds one, and each {@link #pop} that finds the queue non-empty takes one and
 * runs the pops script. Like swss-common, notifications are counted, not parsed.
 */
final class RedisConsumerStateTable implements ConsumerStateTable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConsumerStateTable.class);
    /** swss-common SHA_POP_COMMAN_MAX_POP_SIZE: larger pops would block Redis for too long. */
    static final int MAX_POP_PER_SCRIPT = 1024;

    private final StateTableNames names;
    private final ReconnectingJedis redis;
    private final int popBatchSize;
    private final NotificationSubscriber subscriber;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notified = lock.newCondition();
    private long queueLength;

    RedisConsumerStateTable(StateTableNames names, ReconnectingJedis redis, NotificationSubscriber.Factory subscribers,
                            int popBatchSize, Runnable onClose) {
        if (popBatchSize < 1) {
            throw new IllegalArgumentException("popBatchSize must be at least 1, was " + popBatchSize);
        }
        this.names = names;
        this.redis = redis;
        this.popBatchSize = popBatchSize;
        this.onClose = onClose;
        redis.call("SCRIPT LOAD", true, j -> {
            StateTableScripts.POPS.load(j);
            return null;
        });
        subscriber = subscribers.subscribe(names.channel(), this::onNotification, this::onResubscribed);
        try {
            resetQueueLength();
        } catch (RuntimeException e) {
            subscriber.close();
            redis.close();
            throw e;
        }
    }

    /**
     * The subscription is already live, so a notification counted after the reset for a key SCARD also counts
     * only over-counts (an extra, empty pop); a key added after WATCH makes EXEC fail and the count is redone.
     * Nothing can be under-counted, which would leave entries unpopped.
     */
    private void resetQueueLength() {
        while (true) {
            lock.lock();
            try {
                queueLength = 0;
            } finally {
                lock.unlock();
            }
            List<Object> result = redis.call("WATCH/MULTI/SCARD/EXEC " + names.keySet(), true, j -> {
                j.watch(names.keySet());
                Transaction multi = j.multi();
                Response<Long> pending = multi.scard(names.keySet());
                List<Object> replies = multi.exec();
                return replies == null ? null : List.of(pending.get());
            });
            if (result != null) {
                add((Long) result.get(0));
                return;
            }
            LOG.debug("{}: key set changed during the initial SCARD, retrying", names.table());
        }
    }

    private void onNotification() {
        add(1);
    }

    /** Notifications published while the subscription was down are lost: make the next pop look anyway. */
    private void onResubscribed() {
        add(1);
    }

    private void add(long n) {
        lock.lock();
        try {
            queueLength += n;
            if (queueLength > 0) {
                notified.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Pending notifications not yet consumed by a pop. */
    long queueLength() {
        lock.lock();
        try {
            return queueLength;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<KeyOpFields> pop(Duration timeout) {
        if (!awaitNotification(timeout)) {
            return List.of();
        }
        List<KeyOpFields> entries = new ArrayList<>();
        int remaining = popBatchSize;
        try {
            while (remaining > 0) {
                int chunk = Math.min(remaining, MAX_POP_PER_SCRIPT);
                List<KeyOpFields> popped = popChunk(chunk);
                entries.addAll(popped);
                remaining = popped.size() < chunk ? 0 : remaining - chunk;
            }
        } catch (DbUnavailableException e) {
            // the notification was not served: keep it, so the next pop after reconnecting looks again
            add(1);
            throw e;
        }
        return entries;
    }

    private boolean awaitNotification(Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queueLength <= 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notified.awaitNanos(nanos);
            }
            queueLength--;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The pops script is not idempotent (it SPOPs): after a lost reply it is reported, never repeated. */
    private List<KeyOpFields> popChunk(int count) {
        List<String> keys = List.of(names.keySet(), names.tablePrefix(), names.delSet());
        List<String> args = List.of(Integer.toString(count), "_");
        Object reply = redis.call("pops " + names.table(), false, j -> StateTableScripts.POPS.evalsha(j, keys, args));
        return decode(reply);
    }

    private List<KeyOpFields> decode(Object reply) {
        String context = "pops " + names.table();
        if (reply == null) {
            return List.of();
        }
        if (!(reply instanceof List<?> list)) {
            throw new DbException(context + ": unexpected reply " + reply.getClass().getSimpleName());
        }
        List<KeyOpFields> entries = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof List<?> pair) || pair.size() != 2) {
                throw new DbException(context + ": malformed entry " + element);
            }
            String key = Replies.text(pair.get(0), context);
            Map<String, String> fields = Replies.fieldMap(pair.get(1), context + " " + key);
            entries.add(new KeyOpFields(key, fields.isEmpty() ? KeyOpFields.Op.DEL : KeyOpFields.Op.SET, fields));
        }
        return entries;
    }

    @Override
    public void close() {
        subscriber.close();
        redis.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "ConsumerStateTable[" + names.db().name() + " " + names.table() + "]";
    }
}
