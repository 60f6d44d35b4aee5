package net.sonic.portsyncd.sonicdb;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens Jedis connections to an instance: over its unix socket when the file names one and it accepts a
 * connection, else over TCP (each fallback reason is logged once per instance). Every connection then selects
 * its database, as swss-common's DBConnector does.
 */
final class RedisConnector {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

    private final ConnectionSettings settings;
    private final Set<String> loggedFallbacks = ConcurrentHashMap.newKeySet();

    RedisConnector(ConnectionSettings settings) {
        this.settings = settings;
    }

    ConnectionSettings settings() {
        return settings;
    }

    /** The endpoint a new connection would use right now. */
    String endpointOf(RedisInstance instance) {
        return reachableSocket(instance).map(p -> "unix:" + p).orElse(instance.tcpEndpoint());
    }

    /**
     * A new connection with {@code SELECT id} done.
     *
     * @throws JedisConnectionException when the instance cannot be reached
     */
    Jedis open(RedisInstance instance, int databaseId) {
        return open(instance, databaseId, settings.connectTimeoutMillis(), settings.readTimeoutMillis());
    }

    /** As {@link #open(RedisInstance, int)} with other timeouts, for a probe that must not wait long. */
    Jedis open(RedisInstance instance, int databaseId, int connectTimeoutMillis, int readTimeoutMillis) {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMillis)
                .socketTimeoutMillis(readTimeoutMillis)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .autoNegotiateProtocol(false)
                .build();
        Jedis jedis = overUnixSocket(instance, config)
                .orElseGet(() -> new Jedis(new HostAndPort(instance.hostname(), instance.port()), config));
        try {
            jedis.select(databaseId);
            return jedis;
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    private JedisSocketFactory unixSocketFactory(Path path, int readTimeoutMillis) {
        return () -> {
            try {
                Socket socket = UnixDomainSocket.connect(path);
                socket.setSoTimeout(readTimeoutMillis);
                return socket;
            } catch (IOException e) {
                throw new JedisConnectionException("cannot connect to unix socket " + path + ": " + e.getMessage(), e);
            }
        };
    }

    private Optional<Jedis> overUnixSocket(RedisInstance instance, JedisClientConfig config) {
        Optional<Path> socket = existingSocket(instance);
        if (socket.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Jedis(unixSocketFactory(socket.get(), config.getSocketTimeoutMillis()), config));
        } catch (JedisConnectionException e) {
            logFallbackOnce(instance, "unix socket " + socket.get() + " does not accept connections ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private Optional<Path> reachableSocket(RedisInstance instance) {
        Optional<Path> socket = existingSocket(instance);
        if (socket.isEmpty()) {
            return Optional.empty();
        }
        try {
            UnixDomainSocket.connect(socket.get()).close();
            return socket;
        } catch (IOException e) {
            logFallbackOnce(instance, "unix socket " + socket.get() + " does not accept connections ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private Optional<Path> existingSocket(RedisInstance instance) {
        Optional<Path> socket = instance.unixSocket();
        if (socket.isPresent() && !Files.exists(socket.get())) {
            logFallbackOnce(instance, "unix socket " + socket.get() + " does not exist");
            return Optional.empty();
        }
        return socket;
    }

    private void logFallbackOnce(RedisInstance instance, String reason) {
        if (loggedFallbacks.add(instance.name() + "|" + reason)) {
            LOG.info("Redis instance {}: {}; using TCP {}:{}", instance.name(), reason, instance.hostname(),
                    instance.port());
        }
    }
}
