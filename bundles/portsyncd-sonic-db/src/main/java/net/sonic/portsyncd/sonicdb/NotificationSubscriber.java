package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * SUBSCRIBE on a dedicated connection, served by a named thread. When the connection is lost the thread
 * reconnects (backoff doubling up to the configured maximum, without giving up) and reports the resubscription,
 * because notifications published in between were missed.
 */
final class NotificationSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationSubscriber.class);

    /** Opens subscriptions on connections to one database. */
    interface Factory {
        NotificationSubscriber subscribe(String channel, Runnable onMessage, Runnable onResubscribed);
    }

    private final String channel;
    private final ConnectionSource connections;
    private final ConnectionSettings settings;
    private final Runnable onMessage;
    private final Runnable onResubscribed;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Jedis jedis;
    private volatile Listener listener;

    /** Supplies connections for the subscription (a new one after each loss). */
    interface ConnectionSource {
        Jedis open();
    }

    NotificationSubscriber(String channel, ConnectionSource connections, ConnectionSettings settings,
                           Runnable onMessage, Runnable onResubscribed) {
        this.channel = channel;
        this.connections = connections;
        this.settings = settings;
        this.onMessage = onMessage;
        this.onResubscribed = onResubscribed;
        thread = new Thread(this::run, "sonic-db-subscriber-" + channel);
        thread.setDaemon(true);
    }

    /** Starts the thread and waits until the first SUBSCRIBE is confirmed. */
    NotificationSubscriber start() {
        thread.start();
        Duration wait = settings.connectTimeout().plus(settings.readTimeout());
        try {
            if (!firstSubscription.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new DbUnavailableException("SUBSCRIBE " + channel + " not confirmed within " + wait.toMillis()
                        + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DbUnavailableException("interrupted while subscribing to " + channel, e);
        }
        return this;
    }

    private void run() {
        int failures = 0;
        boolean subscribedBefore = false;
        while (!closed) {
            try {
                jedis = connections.open();
                Listener current = new Listener(subscribedBefore);
                listener = current;
                if (closed) {
                    break;
                }
                subscribedBefore = true;
                failures = 0;
                jedis.subscribe(current, channel);
            } catch (JedisException | DbUnavailableException e) {
                if (closed) {
                    break;
                }
                failures++;
                if (failures == 1) {
                    LOG.warn("Subscription to {} lost ({}); reconnecting", channel, e.getMessage());
                }
                if (!sleep(settings.backoffAfter(failures))) {
                    break;
                }
            } finally {
                closeConnection();
            }
        }
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeConnection() {
        Jedis j = jedis;
        jedis = null;
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Listener l = listener;
        if (l != null && l.isSubscribed()) {
            try {
                l.unsubscribe();
            } catch (RuntimeException ignored) {
                // the connection is gone; the thread is woken by closing it below
            }
        }
        closeConnection();
        thread.interrupt();
        try {
            thread.join(settings.readTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener extends JedisPubSub {
        private final boolean resubscription;

        Listener(boolean resubscription) {
            this.resubscription = resubscription;
        }

        @Override
        public void onSubscribe(String ch, int subscribedChannels) {
            if (resubscription) {
                LOG.info("Subscription to {} restored", ch);
                onResubscribed.run();
            }
            firstSubscription.countDown();
        }

        @Override
        public void onMessage(String ch, String message) {
            onMessage.run();
        }
    }
}
