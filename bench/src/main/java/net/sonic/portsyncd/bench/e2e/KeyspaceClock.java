package net.sonic.portsyncd.bench.e2e;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A separate Redis client that sees every write the way another SONiC daemon would: through keyspace
 * notifications. Each notification is stamped with {@link System#nanoTime()} on arrival and handed to the sink of
 * the current phase; nothing is retained, so a storm does not inflate the heap being measured.
 */
final class KeyspaceClock implements AutoCloseable {
    private static final String[] PATTERNS = {"__keyspace@0__:_PORT_TABLE:Port*Done", "__keyspace@6__:*"};

    /** One notification: the database number, the key, the command (hset, del, ...), when it arrived. */
    record KeyEvent(int db, String key, String op, long nanos) {
    }

    private final Jedis jedis;
    private final Subscriber subscriber = new Subscriber();
    private final Thread thread;
    private volatile Consumer<KeyEvent> sink = event -> { };

    KeyspaceClock(String host, int port) throws InterruptedException {
        jedis = new Jedis(host, port, 0);
        thread = new Thread(() -> {
            try {
                jedis.psubscribe(subscriber, PATTERNS);
            } catch (RuntimeException closed) {
                // close() ends the subscription
            }
        }, "bench-keyspace-clock");
        thread.setDaemon(true);
        thread.start();
        if (!subscriber.subscribed.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("keyspace notification subscription not confirmed within 10 s");
        }
    }

    /** Events from now on go to {@code next}. */
    void sendTo(Consumer<KeyEvent> next) {
        sink = next;
    }

    void discard() {
        sink = event -> { };
    }

    @Override
    public void close() throws InterruptedException {
        if (subscriber.isSubscribed()) {
            subscriber.punsubscribe();
        }
        thread.join(5_000);
        jedis.close();
    }

    private final class Subscriber extends JedisPubSub {
        private final CountDownLatch subscribed = new CountDownLatch(PATTERNS.length);

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            subscribed.countDown();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            long now = System.nanoTime();
            int colon = channel.indexOf(':');
            int db = Integer.parseInt(channel.substring("__keyspace@".length(), channel.indexOf("__", 11)));
            sink.accept(new KeyEvent(db, channel.substring(colon + 1), message, now));
        }
    }
}
