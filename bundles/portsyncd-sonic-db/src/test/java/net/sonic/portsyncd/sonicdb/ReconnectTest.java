package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Redis killed and restarted under open connections: commands fail loudly while it is down, then work again. */
class ReconnectTest {
    /** A server of each test's own, since every test kills or restarts it. */
    @RegisterExtension
    final PrivateRedis privateRedis = PrivateRedis.create();

    private SonicDbClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void writeWhileRedisIsDownThrowsAndTheNextWriteAfterRestartLands(RedisServer redis) {
        client = RedisTestSupport.client(privateRedis, false);
        DbConnection state = client.connect(SonicDb.STATE_DB);
        state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));

        redis.kill();
        long start = System.nanoTime();
        assertThatThrownBy(() -> state.hset("PORT_TABLE|Ethernet4", Map.of("state", "ok")))
                .isInstanceOf(DbUnavailableException.class)
                .hasMessageContaining("STATE_DB")
                .hasMessageContaining("unreachable after 3 attempt(s)");
        // 3 attempts with 20 + 40 ms pauses: bounded, not a hang
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        redis.restart();
        state.hset("PORT_TABLE|Ethernet8", Map.of("state", "ok"));
        try (Jedis raw = RedisTestSupport.raw(privateRedis, 6)) {
            assertThat(raw.hget("PORT_TABLE|Ethernet8", "state")).isEqualTo("ok");
        }
    }

    @Test
    void connectionLostBetweenCommandsIsReopenedTransparently(RedisServer redis) {
        client = RedisTestSupport.client(privateRedis, true);
        DbConnection appl = client.connect(SonicDb.APPL_DB);
        appl.hset("PORT_TABLE:Ethernet0", Map.of("admin_status", "up"));

        redis.restart();

        appl.hset("PORT_TABLE:Ethernet4", Map.of("admin_status", "up"));
        assertThat(appl.hgetall("PORT_TABLE:Ethernet4")).containsOnly(Map.entry("admin_status", "up"));
        assertThat(appl.info().endpoint()).isEqualTo("unix:" + redis.unixSocket());
    }

    @Test
    void producerReloadsItsScriptsAfterRestart(RedisServer redis) {
        client = RedisTestSupport.client(privateRedis, false);
        ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
        producer.set("Ethernet0", Map.of("mtu", "9100"));

        redis.kill();
        assertThatThrownBy(() -> producer.set("Ethernet4", Map.of("mtu", "9100")))
                .isInstanceOf(DbUnavailableException.class);
        assertThatThrownBy(() -> producer.setAll(java.util.List.of(new KeyFields("Ethernet8", Map.of("a", "b")))))
                .isInstanceOf(DbUnavailableException.class);

        redis.restart();
        producer.set("Ethernet4", Map.of("mtu", "9100"));
        producer.setAll(java.util.List.of(new KeyFields("Ethernet8", Map.of("mtu", "1500"))));
        try (Jedis raw = RedisTestSupport.raw(privateRedis, 0)) {
            assertThat(raw.smembers("PORT_TABLE_KEY_SET")).containsExactlyInAnyOrder("Ethernet4", "Ethernet8");
            assertThat(raw.hget("_PORT_TABLE:Ethernet4", "mtu")).isEqualTo("9100");
        }
    }

    @Test
    void consumerResubscribesAfterRestartAndSeesNewEntries(RedisServer redis) {
        client = RedisTestSupport.client(privateRedis, false);
        ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
        ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);

        redis.restart();
        producer.set("Ethernet0", Map.of("mtu", "9100"));

        java.util.List<KeyOpFields> popped = new java.util.ArrayList<>();
        net.sonic.portsyncd.testkit.Poll.until(Duration.ofSeconds(10), () -> {
            try {
                popped.addAll(consumer.pop(Duration.ofMillis(100)));
            } catch (DbUnavailableException stillReconnecting) {
                return false;
            }
            return !popped.isEmpty();
        }, "consumer did not pop Ethernet0 after the restart");
        assertThat(popped).extracting(KeyOpFields::key).containsExactly("Ethernet0");
    }

    @Test
    void connectingToAStoppedRedisFailsWithDbUnavailable(RedisServer redis) {
        client = RedisTestSupport.client(privateRedis, true);
        redis.kill();
        assertThatThrownBy(() -> client.connect(SonicDb.APPL_DB))
                .isInstanceOf(DbUnavailableException.class)
                .hasMessageContaining("APPL_DB (instance redis, tcp:127.0.0.1:" + redis.port() + "): connect failed");
        assertThatThrownBy(() -> client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE"))
                .isInstanceOf(DbUnavailableException.class);
    }
}
