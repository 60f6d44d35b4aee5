package net.sonic.portsyncd.sonicdb;

import java.time.Duration;
import java.util.function.Function;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One logical connection to one database that survives Redis restarts. A lost connection is dropped and
 * re-opened (with {@code SELECT}) under bounded exponential backoff; when every attempt fails the caller gets
 * {@link DbUnavailableException}, so a write is either applied or reported, never silently dropped.
 * Not thread safe, like the connection it wraps.
 */
final class ReconnectingJedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingJedis.class);

    private final RedisConnector connector;
    private final RedisInstance instance;
    private final String dbName;
    private final int dbId;
    private Jedis jedis;
    private boolean closed;

    ReconnectingJedis(RedisConnector connector, RedisInstance instance, String dbName, int dbId) {
        this.connector = connector;
        this.instance = instance;
        this.dbName = dbName;
        this.dbId = dbId;
    }

    /**
     * Runs {@code command}. When the connection turns out to be lost, reconnects and, if {@code idempotent},
     * runs it once more; a non-idempotent command is reported instead, since Redis may already have applied it.
     */
    <T> T call(String what, boolean idempotent, Function<Jedis, T> command) {
        try {
            return command.apply(connection());
        } catch (JedisConnectionException lost) {
            drop();
            if (!idempotent) {
                throw unavailable(what, "connection lost during the command; not repeated, it may have been applied",
                        lost);
            }
            LOG.info("{}: connection lost during {} ({}); reconnecting", dbName, what, lost.getMessage());
            try {
                return command.apply(connection());
            } catch (JedisConnectionException again) {
                drop();
                throw unavailable(what, "connection lost again after reconnecting", again);
            } catch (JedisDataException e) {
                throw rejected(what, e);
            }
        } catch (JedisDataException e) {
            throw rejected(what, e);
        }
    }

    /**
     * Runs {@code command} with {@code timeout} as the only wait: connecting (when there is no connection) is tried
     * once, with that timeout, and nothing is repeated, so that a hung or absent server is reported at once.
     */
    <T> T probe(String what, Duration timeout, Function<Jedis, T> command) {
        if (closed) {
            throw new DbException(dbName + ": connection is closed");
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            if (jedis == null) {
                jedis = connector.open(instance, dbId, millis, millis);
            } else {
                jedis.getConnection().setSoTimeout(millis);
            }
            T answer = command.apply(jedis);
            jedis.getConnection().setSoTimeout(connector.settings().readTimeoutMillis());
            return answer;
        } catch (JedisConnectionException e) {
            drop();
            throw unavailable(what, "no answer within " + millis + " ms", e);
        } catch (JedisDataException e) {
            throw rejected(what, e);
        }
    }

    /** The open connection, connecting first (with bounded backoff) when there is none. */
    Jedis connection() {
        if (closed) {
            throw new DbException(dbName + ": connection is closed");
        }
        if (jedis != null) {
            return jedis;
        }
        ConnectionSettings settings = connector.settings();
        JedisConnectionException last = null;
        for (int attempt = 1; attempt <= settings.reconnectAttempts(); attempt++) {
            try {
                jedis = connector.open(instance, dbId);
                if (last != null) {
                    LOG.info("{}: reconnected to {} after {} attempt(s)", dbName, instance.name(), attempt);
                }
                return jedis;
            } catch (JedisConnectionException e) {
                last = e;
                if (attempt < settings.reconnectAttempts()) {
                    pause(settings.backoffAfter(attempt));
                }
            }
        }
        throw unavailable("connect", "unreachable after " + settings.reconnectAttempts() + " attempt(s)", last);
    }

    private void drop() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // the connection is already broken; closing it is best effort
            }
            jedis = null;
        }
    }

    private DbUnavailableException unavailable(String what, String why, Throwable cause) {
        return new DbUnavailableException(dbName + " (instance " + instance.name() + ", "
                + instance.tcpEndpoint() + "): " + what + " failed: " + why
                + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    /**
     * A server still loading its dataset (after a restart) refuses every command with LOADING: it is not there yet,
     * so that is an outage to wait out, not a refusal of this command.
     */
    private DbException rejected(String what, JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("LOADING")) {
            return unavailable(what, "the server is loading its dataset", e);
        }
        return new DbException(dbName + ": " + what + " rejected by Redis: " + message, e);
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("connect", "interrupted while waiting to reconnect", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        drop();
    }
}
