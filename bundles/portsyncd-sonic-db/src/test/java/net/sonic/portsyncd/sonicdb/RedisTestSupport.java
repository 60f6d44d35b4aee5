package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.time.Duration;

import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Clients of the private redis-server ({@link PrivateRedis}) of the tests that run against a real one. */
final class RedisTestSupport {
    private RedisTestSupport() {
    }

    /** Short timeouts and few attempts, so tests of an unreachable Redis finish quickly. */
    static ConnectionSettings fastSettings() {
        return new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofMillis(20),
                Duration.ofMillis(100));
    }

    /** The client under test: over the server's unix socket when {@code withUnixSocket}, else over TCP only. */
    static SonicDbClient client(PrivateRedis redis, boolean withUnixSocket) {
        return SonicDbClient.open(withUnixSocket ? redis.databaseConfig() : tcpOnlyConfig(redis.server()), "",
                fastSettings());
    }

    /** A plain TCP connection for checking what landed in Redis, independent of the code under test. */
    static Jedis raw(PrivateRedis redis, int db) {
        RedisServer server = redis.server();
        Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
        jedis.select(db);
        return jedis;
    }

    private static Path tcpOnlyConfig(RedisServer server) {
        return server.writeDatabaseConfig(server.directory().resolve("database_config_tcp.json"), false);
    }
}
