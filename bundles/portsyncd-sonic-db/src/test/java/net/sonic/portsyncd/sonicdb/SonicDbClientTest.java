package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.Table;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class SonicDbClientTest {
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    @TempDir
    Path dir;

    @Test
    void unixSocketIsUsedWhenTheFileNamesOneAndItIsReachable() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, true);
             DbConnection state = client.connect(SonicDb.STATE_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 6)) {
            assertThat(state.info().endpoint()).isEqualTo("unix:" + REDIS.server().unixSocket());
            state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            assertThat(raw.hgetAll("PORT_TABLE|Ethernet0")).containsExactly(Map.entry("state", "ok"));
            assertThat(raw.clientList()).contains("addr=/");
        }
    }

    @Test
    void tcpIsUsedWhenTheSocketFileIsMissing() throws Exception {
        Path config = dir.resolve("database_config.json");
        Files.writeString(config, "{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": " + REDIS.server().port()
                + ", \"unix_socket_path\": \"" + dir.resolve("gone.sock") + "\"}},"
                + " \"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \":\", \"instance\": \"redis\"}}}");
        try (SonicDbClient client = SonicDbClient.open(config, "", RedisTestSupport.fastSettings());
             DbConnection appl = client.connect(SonicDb.APPL_DB)) {
            assertThat(appl.info().endpoint()).isEqualTo("tcp:127.0.0.1:" + REDIS.server().port());
            appl.hset("PORT_TABLE:Ethernet0", Map.of("lanes", "0"));
            assertThat(appl.exists("PORT_TABLE:Ethernet0")).isTrue();
        }
    }

    @Test
    void eachConnectionSelectsItsDatabase() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection config = client.connect(SonicDb.CONFIG_DB);
             DbConnection state = client.connect(SonicDb.STATE_DB);
             Jedis raw4 = RedisTestSupport.raw(REDIS, 4);
             Jedis raw6 = RedisTestSupport.raw(REDIS, 6)) {
            config.hset("PORT|Ethernet0", Map.of("mtu", "9100"));
            state.hset("PORT_TABLE|Ethernet0", Map.of("mtu", "1500"));
            assertThat(raw4.hget("PORT|Ethernet0", "mtu")).isEqualTo("9100");
            assertThat(raw6.hget("PORT_TABLE|Ethernet0", "mtu")).isEqualTo("1500");
            assertThat(raw4.exists("PORT_TABLE|Ethernet0")).isFalse();
        }
    }

    @Test
    void multiFieldHsetKeepsOrderAndHgetallReturnsServerOrder() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection state = client.connect(SonicDb.STATE_DB)) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("state", "ok");
            fields.put("netdev_oper_status", "up");
            fields.put("admin_status", "up");
            fields.put("mtu", "9100");
            state.hset("PORT_TABLE|Ethernet0", fields);
            assertThat(state.hgetall("PORT_TABLE|Ethernet0")).containsExactlyEntriesOf(fields);
            assertThat(state.hget("PORT_TABLE|Ethernet0", "mtu")).contains("9100");
            assertThat(state.hget("PORT_TABLE|Ethernet0", "speed")).isEmpty();
            assertThat(state.hgetall("PORT_TABLE|Ethernet9")).isEmpty();
            assertThat(state.del("PORT_TABLE|Ethernet0", "PORT_TABLE|Ethernet9")).isEqualTo(1);
            assertThat(state.exists("PORT_TABLE|Ethernet0")).isFalse();
        }
    }

    @Test
    void hsetMergesIntoExistingFields() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection state = client.connect(SonicDb.STATE_DB)) {
            state.hset("PORT_TABLE|Ethernet0", Map.of("host_tx_ready", "false"));
            state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            assertThat(state.hgetall("PORT_TABLE|Ethernet0"))
                    .containsOnly(Map.entry("host_tx_ready", "false"), Map.entry("state", "ok"));
        }
    }

    @Test
    void scanListsEveryMatchingKey() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection config = client.connect(SonicDb.CONFIG_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 4)) {
            for (int i = 0; i < 2500; i++) {
                raw.hset("PORT|Ethernet" + (i * 4), "index", Integer.toString(i));
            }
            raw.hset("DEVICE_METADATA|localhost", "hwsku", "x");
            assertThat(config.scan("PORT|*")).hasSize(2500).doesNotHaveDuplicates().allMatch(k -> k.startsWith("PORT|"));
        }
    }

    @Test
    void tableTruncatesFieldNamesAtTheAtSignAndListsKeysWithoutPrefix() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection config = client.connect(SonicDb.CONFIG_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 4)) {
            raw.hset("PORT|Ethernet0", Map.of("lanes@", "0,1,2,3", "alias", "etp1@x"));
            raw.hset("PORT|Ethernet4", Map.of("NULL", "NULL"));
            raw.hset("PORTCHANNEL|PortChannel1", Map.of("mtu", "9100"));
            raw.hset("PO*T|odd", Map.of("a", "b"));
            Table port = config.table("PORT");
            assertThat(port.keyOf("Ethernet0")).isEqualTo("PORT|Ethernet0");
            assertThat(port.get("Ethernet0")).containsOnly(Map.entry("lanes", "0,1,2,3"), Map.entry("alias", "etp1@x"));
            assertThat(port.hget("Ethernet0", "alias")).contains("etp1");
            assertThat(port.keys()).containsExactlyInAnyOrder("Ethernet0", "Ethernet4");
            assertThat(config.table("PO*T").keys()).containsExactly("odd");
            port.set("Ethernet8", Map.of("mtu", "9100"));
            assertThat(raw.hget("PORT|Ethernet8", "mtu")).isEqualTo("9100");
            port.del("Ethernet8");
            assertThat(raw.exists("PORT|Ethernet8")).isFalse();
            assertThat(port.get("Ethernet8")).isEmpty();
        }
    }

    @Test
    void batchSendsQueuedCommandsTogetherOnExecute() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection appl = client.connect(SonicDb.APPL_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 0)) {
            raw.hset("PORT_TABLE:Ethernet0", Map.of("admin_status", "up"));
            Batch batch = appl.batch();
            Supplier<Map<String, String>> ethernet0 = batch.hgetall("PORT_TABLE:Ethernet0");
            Supplier<Boolean> ethernet4 = batch.exists("PORT_TABLE:Ethernet4");
            batch.hset("PORT_TABLE:Ethernet8", Map.of("mtu", "9100"));
            batch.del("PORT_TABLE:Ethernet0");
            assertThat(batch.size()).isEqualTo(4);
            assertThatThrownBy(ethernet0::get).isInstanceOf(IllegalStateException.class);
            long callsBefore = commandCalls(raw);
            batch.execute();
            // exactly the four queued commands (plus the INFO that measures it) reached the server
            assertThat(commandCalls(raw) - callsBefore).isEqualTo(5);
            assertThat(ethernet0.get()).containsExactly(Map.entry("admin_status", "up"));
            assertThat(ethernet4.get()).isFalse();
            assertThat(raw.exists("PORT_TABLE:Ethernet0")).isFalse();
            assertThat(raw.hget("PORT_TABLE:Ethernet8", "mtu")).isEqualTo("9100");
        }
    }

    @Test
    void commandOnAWrongTypeIsAClearError() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection appl = client.connect(SonicDb.APPL_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 0)) {
            raw.set("PORT_TABLE:Ethernet0", "not a hash");
            assertThatThrownBy(() -> appl.hgetall("PORT_TABLE:Ethernet0"))
                    .isInstanceOf(DbException.class)
                    .hasMessageContaining("APPL_DB: HGETALL PORT_TABLE:Ethernet0 rejected by Redis: WRONGTYPE");
            appl.hset("PORT_TABLE:Ethernet4", Map.of("a", "b"));
            assertThat(appl.exists("PORT_TABLE:Ethernet4")).isTrue();
        }
    }

    @Test
    void closingTheClientClosesItsConnections() {
        SonicDbClient client = RedisTestSupport.client(REDIS, false);
        DbConnection appl = client.connect(SonicDb.APPL_DB);
        appl.exists("x");
        client.close();
        assertThatThrownBy(() -> appl.exists("x")).isInstanceOf(DbException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> client.connect(SonicDb.APPL_DB)).isInstanceOf(DbException.class)
                .hasMessageContaining("is closed");
    }

    /** Total commands the server has executed, from INFO commandstats (the INFO itself counts once). */
    private static long commandCalls(Jedis raw) {
        long total = 0;
        for (String line : raw.info("commandstats").split("\r\n")) {
            int calls = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && calls > 0) {
                total += Long.parseLong(line.substring(calls + 6, line.indexOf(',', calls)));
            }
        }
        return total;
    }

    @Test
    void unknownDatabaseNameIsAClearError() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false)) {
            assertThatThrownBy(() -> client.connect("NO_DB"))
                    .isInstanceOf(DbException.class)
                    .hasMessageContaining("database NO_DB is not defined in DATABASES");
            assertThat(List.copyOf(client.databaseNames())).contains("APPL_DB", "CONFIG_DB", "STATE_DB");
        }
    }
}
