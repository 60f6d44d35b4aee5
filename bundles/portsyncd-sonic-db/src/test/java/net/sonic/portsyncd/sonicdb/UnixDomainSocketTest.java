package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** The java.net.Socket adapter over a unix-domain channel, against redis-server's unix socket. */
class UnixDomainSocketTest {
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.create();

    @TempDir
    Path dir;

    @Test
    void jedisRunsLargeValuesAndLongPipelinesOverIt() {
        try (Jedis jedis = new Jedis(() -> connect(5000),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            String big = "x".repeat(8 * 1024 * 1024);
            jedis.set("big", big);
            assertThat(jedis.get("big")).isEqualTo(big);

            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 20_000; i++) {
                pipeline.hset("h" + (i % 100), "f" + i, "v" + i);
            }
            List<Object> replies = pipeline.syncAndReturnAll();
            assertThat(replies).hasSize(20_000).containsOnly(1L);
            assertThat(jedis.hlen("h7")).isEqualTo(200);
        }
    }

    @Test
    void readTimesOutAfterSoTimeout() throws IOException {
        try (UnixDomainSocket socket = UnixDomainSocket.connect(REDIS.server().unixSocket())) {
            socket.setSoTimeout(200);
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> in.read(new byte[16], 0, 16)).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
                    Duration.ofSeconds(3));
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            assertThat(in.readNBytes(reply, 0, 7)).isEqualTo(7);
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void closingWakesAReaderBlockedWithoutTimeout() throws Exception {
        UnixDomainSocket socket = UnixDomainSocket.connect(REDIS.server().unixSocket());
        socket.setSoTimeout(0);
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                socket.getInputStream().read(new byte[16], 0, 16);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        assertThat(reader).isNotDone();
        socket.close();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(socket::getInputStream).isInstanceOf(SocketException.class);
    }

    @Test
    void connectingToAMissingSocketFails() {
        assertThatThrownBy(() -> UnixDomainSocket.connect(dir.resolve("none.sock"))).isInstanceOf(IOException.class);
    }

    @Test
    void stateTablesAndTheirSubscriptionWorkOverTheUnixSocket() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, true);
             ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128);
             DbConnection appl = client.connect(SonicDb.APPL_DB)) {
            assertThat(appl.info().endpoint()).startsWith("unix:");
            assertThat(consumer.pop(Duration.ofMillis(50))).isEmpty();
            producer.set("Ethernet0", Map.of("mtu", "9100"));
            assertThat(consumer.pop(Duration.ofSeconds(5)))
                    .containsExactly(new KeyOpFields("Ethernet0", KeyOpFields.Op.SET, Map.of("mtu", "9100")));
            assertThat(appl.hgetall("PORT_TABLE:Ethernet0")).containsExactly(Map.entry("mtu", "9100"));
        }
    }

    private static UnixDomainSocket connect(int timeoutMillis) {
        try {
            UnixDomainSocket socket = UnixDomainSocket.connect(REDIS.server().unixSocket());
            socket.setSoTimeout(timeoutMillis);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
