package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.time.Duration;

import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Shared set-up for the tests that run against a real redis-server. */
final class RedisTestSupport {
    private RedisTestSupport() {
    }

    /** Short timeouts and few attempts, so tests of an unreachable Redis finish quickly. */
    static ConnectionSettings fastSettings() {
        return new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofMillis(20),
                Duration.ofMillis(100));
    }

    static SonicDbClient client(RedisServer redis, Path dir, boolean withUnixSocket) {
        Path config = redis.writeDatabaseConfig(dir.resolve("database_config.json"), withUnixSocket);
        return SonicDbClient.open(config, "", fastSettings());
    }

    /** A plain TCP connection for checking what landed in Redis, independent of the code under test. */
    static Jedis raw(RedisServer redis, int db) {
        Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
        jedis.select(db);
        return jedis;
    }
}
