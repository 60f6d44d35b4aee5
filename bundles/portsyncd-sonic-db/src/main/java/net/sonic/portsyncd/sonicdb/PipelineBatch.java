package net.sonic.portsyncd.sonicdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import net.sonic.portsyncd.api.db.Batch;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/**
 * Commands queued locally and sent as one Jedis pipeline: one write of all commands, then all replies read. Every
 * command a batch offers is idempotent, so a batch interrupted by a lost connection is sent again whole after
 * reconnecting.
 */
final class PipelineBatch implements Batch {
    private final ReconnectingJedis redis;
    private final List<Queued<?>> queued = new ArrayList<>();
    private boolean executed;

    PipelineBatch(ReconnectingJedis redis) {
        this.redis = redis;
    }

    @Override
    public Supplier<Map<String, String>> hgetall(String key) {
        Supplier<Object> raw = add(p -> p.sendCommand(Protocol.Command.HGETALL, key));
        return () -> Replies.fieldMap(raw.get(), "HGETALL " + key);
    }

    @Override
    public Supplier<Boolean> exists(String key) {
        return add(p -> p.exists(key));
    }

    @Override
    public void hset(String key, Map<String, String> fields) {
        if (!fields.isEmpty()) {
            Map<String, String> ordered = new LinkedHashMap<>(fields);
            add(p -> p.hset(key, ordered));
        }
    }

    @Override
    public void del(String key) {
        add(p -> p.del(key));
    }

    @Override
    public int size() {
        return queued.size();
    }

    @Override
    public void execute() {
        if (executed) {
            throw new IllegalStateException("batch already executed");
        }
        executed = true;
        if (queued.isEmpty()) {
            return;
        }
        redis.call("pipeline of " + queued.size() + " commands", true, j -> {
            Pipeline pipeline = j.pipelined();
            queued.forEach(q -> q.enqueue(pipeline));
            pipeline.sync();
            queued.forEach(Queued::collect);
            return null;
        });
    }

    private <T> Supplier<T> add(Function<Pipeline, Response<T>> command) {
        if (executed) {
            throw new IllegalStateException("batch already executed");
        }
        Queued<T> q = new Queued<>(command);
        queued.add(q);
        return q;
    }

    private static final class Queued<T> implements Supplier<T> {
        private final Function<Pipeline, Response<T>> command;
        private Response<T> response;
        private T value;
        private boolean done;

        Queued(Function<Pipeline, Response<T>> command) {
            this.command = command;
        }

        void enqueue(Pipeline pipeline) {
            response = command.apply(pipeline);
        }

        void collect() {
            value = response.get();
            done = true;
        }

        @Override
        public T get() {
            if (!done) {
                throw new IllegalStateException("the batch has not been executed yet");
            }
            return value;
        }
    }
}
