package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.PrivateRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Records every message published on one channel, on its own connection. {@link #drain()} publishes a marker
 * and waits for it: Redis delivers a channel's messages in order, so everything published before has arrived.
 */
final class ChannelRecorder implements AutoCloseable {
    private static final String MARKER = "recorder-marker";

    private final String channel;
    private final Jedis publisher;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final JedisPubSub pubSub = new JedisPubSub() {
        @Override
        public void onSubscribe(String ch, int count) {
            subscribed.countDown();
        }

        @Override
        public void onMessage(String ch, String message) {
            messages.add(message);
        }
    };
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Thread thread;
    private final Jedis subscriber;
    private int markers;

    ChannelRecorder(PrivateRedis redis, String channel) throws InterruptedException {
        this.channel = channel;
        this.publisher = RedisTestSupport.raw(redis, 0);
        this.subscriber = RedisTestSupport.raw(redis, 0);
        thread = new Thread(() -> subscriber.subscribe(pubSub, channel), "test-channel-recorder");
        thread.start();
        if (!subscribed.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("SUBSCRIBE " + channel + " not confirmed");
        }
    }

    /** Every message published so far (markers excluded). */
    List<String> drain() {
        publisher.publish(channel, MARKER);
        int expected = ++markers;
        Poll.until(Duration.ofSeconds(5), () -> messages.stream().filter(MARKER::equals).count() == expected,
                "marker on " + channel);
        return messages.stream().filter(m -> !MARKER.equals(m)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        pubSub.unsubscribe();
        thread.join(5000);
        subscriber.close();
        publisher.close();
    }
}
