package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** Keyspace notifications of STATE_DB PORT_TABLE rows, in the order Redis executed the commands. */
final class KeyspaceWatch implements AutoCloseable {
    private static final int STATE_DB = 6;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PREFIX = "__keyspace@" + STATE_DB + "__:";
    private static final String MARKER = "warm-e2e-marker";

    record Event(String key, String op) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> markers = new CopyOnWriteArrayList<>();
    private final CountDownLatch subscribed = new CountDownLatch(2);
    private final RedisServer redis;
    private final Jedis subscriber;
    private final JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            subscribed.countDown();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            String key = channel.substring(PREFIX.length());
            if (key.startsWith(MARKER)) {
                markers.add(key);
            } else {
                events.add(new Event(key, message));
            }
        }
    };
    private final Thread thread;
    private long markerSequence;

    KeyspaceWatch(RedisServer redis) {
        this.redis = redis;
        this.subscriber = new Jedis(redis.host(), redis.port());
        thread = new Thread(() -> subscriber.psubscribe(listener, PREFIX + "PORT_TABLE|*", PREFIX + MARKER + "*"),
                "test-keyspace-watch");
        thread.start();
        try {
            assertThat(subscribed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("keyspace subscription").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while subscribing", e);
        }
    }

    /** Everything notified so far: a marker written now arrives after every earlier command's events. */
    List<Event> events() {
        String marker = MARKER + (++markerSequence);
        try (Jedis writer = new Jedis(redis.host(), redis.port())) {
            writer.select(STATE_DB);
            writer.set(marker, "x");
            writer.del(marker);
        }
        Poll.until(WAIT, () -> markers.contains(marker), "the keyspace marker " + marker);
        return List.copyOf(events);
    }

    @Override
    public void close() throws InterruptedException {
        listener.punsubscribe();
        thread.join(WAIT.toMillis());
        subscriber.close();
    }
}
