package net.sonic.portsyncd.testkit.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.DbUnavailableException;

/**
 * A pipeline on the in-memory Redis, with the SONiC client's semantics: every queued command is run, in order; a
 * command Redis refuses (WRONGTYPE) does not stop the others, but {@link #execute} then fails with DbException and
 * only the replies before the refused one can be read. A server lost half-way leaves the commands before it
 * applied and fails with DbUnavailableException.
 */
final class FakeBatch implements Batch {
    private final MemoryRedis redis;
    private final DbInfo info;
    private final Runnable requireOpen;
    private final List<Queued<?>> queued = new ArrayList<>();
    private boolean executed;

    FakeBatch(MemoryRedis redis, DbInfo info, Runnable requireOpen) {
        this.redis = redis;
        this.info = info;
        this.requireOpen = requireOpen;
    }

    @Override
    public Supplier<Map<String, String>> hgetall(String key) {
        return add("HGETALL", key, keys -> FakeConnection.copy(MemoryRedis.hash(keys, info, "HGETALL", key)));
    }

    @Override
    public Supplier<Boolean> exists(String key) {
        return add("EXISTS", key, keys -> keys.containsKey(key));
    }

    @Override
    public void hset(String key, Map<String, String> fields) {
        if (!fields.isEmpty()) {
            Map<String, String> ordered = new LinkedHashMap<>(fields);
            add("HSET", key, keys -> MemoryRedis.hset(keys, info, key, ordered));
        }
    }

    @Override
    public void del(String key) {
        add("DEL", key, keys -> keys.remove(key) == null ? 0L : 1L);
    }

    @Override
    public int size() {
        return queued.size();
    }

    @Override
    public void execute() {
        requireNotExecuted();
        executed = true;
        requireOpen.run();
        List<DbException> refusals = new ArrayList<>();
        synchronized (redis) {
            for (Queued<?> command : queued) {
                refusals.add(command.run(redis, info));
            }
        }
        // the client reads the replies in order and stops at the first refusal
        for (int i = 0; i < queued.size(); i++) {
            if (refusals.get(i) != null) {
                throw refusals.get(i);
            }
            queued.get(i).collect();
        }
    }

    private <T> Supplier<T> add(String name, String key, Function<Map<String, Object>, T> body) {
        requireNotExecuted();
        Queued<T> command = new Queued<>(name, key, body);
        queued.add(command);
        return command;
    }

    /** A batch is sent once; queuing to or sending a sent one is a bug of the caller. */
    private void requireNotExecuted() {
        if (executed) {
            throw new IllegalStateException("batch already executed");
        }
    }

    private static final class Queued<T> implements Supplier<T> {
        private final String name;
        private final String key;
        private final Function<Map<String, Object>, T> body;
        private T value;
        private boolean done;

        Queued(String name, String key, Function<Map<String, Object>, T> body) {
            this.name = name;
            this.key = key;
            this.body = body;
        }

        /** Runs the command; returns Redis's refusal, if any. A lost server propagates. */
        DbException run(MemoryRedis redis, DbInfo info) {
            try {
                value = redis.execute(info, name, key, body);
                return null;
            } catch (DbUnavailableException lost) {
                throw lost;
            } catch (DbException refused) {
                return refused;
            }
        }

        @Override
        public T get() {
            if (!done) {
                throw new IllegalStateException("the batch has not been executed yet");
            }
            return value;
        }

        void collect() {
            done = true;
        }
    }
}
