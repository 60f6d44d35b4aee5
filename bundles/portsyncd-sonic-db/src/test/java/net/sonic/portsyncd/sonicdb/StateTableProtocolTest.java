package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.KeyOpFields.Op;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.MonitorLine;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RedisMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The ProducerStateTable / ConsumerStateTable properties of the reference, §2, against a real redis-server. */
class StateTableProtocolTest {
    private static final String CHANNEL = "PORT_TABLE_CHANNEL@0";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    private SonicDbClient client;
    private Jedis raw;

    @BeforeEach
    void setUp() {
        REDIS.server().command("SCRIPT", "FLUSH");
        client = RedisTestSupport.client(REDIS, false);
        raw = RedisTestSupport.raw(REDIS, 0);
    }

    @AfterEach
    void tearDown() {
        raw.close();
        client.close();
    }

    @Test
    void publishesOnlyWhenTheKeyIsNewToTheKeySet() throws Exception {
        try (ChannelRecorder channel = new ChannelRecorder(REDIS, CHANNEL);
             ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet0", Map.of("mtu", "9100"));
            producer.set("Ethernet0", Map.of("admin_status", "up"));
            assertThat(channel.drain()).containsExactly("G");

            producer.set("Ethernet4", Map.of("mtu", "9100"));
            assertThat(channel.drain()).containsExactly("G", "G");

            assertThat(consumer.pop(WAIT)).hasSize(2);
            producer.set("Ethernet0", Map.of("mtu", "1500"));
            assertThat(channel.drain()).containsExactly("G", "G", "G");
        }
    }

    @Test
    void pendingSetsMergeTheirFieldsInTheTempHash() {
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet0", ordered("alias", "etp1", "mtu", "9100"));
            producer.set("Ethernet0", ordered("mtu", "1500", "description", "to spine 1 ÄÖ @x", "empty", ""));
            assertThat(raw.hgetAll("_PORT_TABLE:Ethernet0")).containsOnly(
                    Map.entry("alias", "etp1"), Map.entry("mtu", "1500"),
                    Map.entry("description", "to spine 1 ÄÖ @x"), Map.entry("empty", ""));
            assertThat(raw.smembers("PORT_TABLE_KEY_SET")).containsExactly("Ethernet0");

            List<KeyOpFields> popped = consumer.pop(WAIT);
            assertThat(popped).hasSize(1);
            assertThat(popped.get(0).op()).isEqualTo(Op.SET);
            assertThat(popped.get(0).fields()).containsOnly(
                    Map.entry("alias", "etp1"), Map.entry("mtu", "1500"),
                    Map.entry("description", "to spine 1 ÄÖ @x"), Map.entry("empty", ""));
            assertThat(raw.hgetAll("PORT_TABLE:Ethernet0")).isEqualTo(popped.get(0).fields());
            assertThat(raw.exists("_PORT_TABLE:Ethernet0", "PORT_TABLE_KEY_SET")).isZero();
        }
    }

    @Test
    void consumerReportsOnlyPendingFieldsAndMergesThemIntoTheFinalHash() {
        raw.hset("PORT_TABLE:Ethernet0", Map.of("oper_status", "up", "mtu", "9100"));
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet0", Map.of("mtu", "1500"));
            assertThat(consumer.pop(WAIT)).containsExactly(new KeyOpFields("Ethernet0", Op.SET, Map.of("mtu", "1500")));
            assertThat(raw.hgetAll("PORT_TABLE:Ethernet0")).containsOnly(
                    Map.entry("oper_status", "up"), Map.entry("mtu", "1500"));
        }
    }

    @Test
    void emptyFieldListIsPoppedAsDel() throws Exception {
        try (ChannelRecorder channel = new ChannelRecorder(REDIS, CHANNEL);
             ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet8", Map.of());
            assertThat(channel.drain()).containsExactly("G");
            assertThat(raw.sismember("PORT_TABLE_KEY_SET", "Ethernet8")).isTrue();
            assertThat(raw.exists("_PORT_TABLE:Ethernet8")).isFalse();
            assertThat(consumer.pop(WAIT)).containsExactly(new KeyOpFields("Ethernet8", Op.DEL, Map.of()));
        }
    }

    @Test
    void delIsPoppedAsDelAndRemovesTheFinalHash() {
        raw.hset("PORT_TABLE:Ethernet0", Map.of("mtu", "9100"));
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet0", Map.of("admin_status", "up"));
            producer.del("Ethernet0");
            assertThat(raw.exists("_PORT_TABLE:Ethernet0")).isFalse();
            assertThat(raw.smembers("PORT_TABLE_DEL_SET")).containsExactly("Ethernet0");
            assertThat(consumer.pop(WAIT)).containsExactly(new KeyOpFields("Ethernet0", Op.DEL, Map.of()));
            assertThat(raw.exists("PORT_TABLE:Ethernet0", "PORT_TABLE_DEL_SET", "PORT_TABLE_KEY_SET")).isZero();
        }
    }

    @Test
    void delThenSetCollapsesIntoOneSetWithOnlyTheNewFields() {
        raw.hset("PORT_TABLE:Ethernet0", Map.of("mtu", "9100", "speed", "100000"));
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.del("Ethernet0");
            producer.set("Ethernet0", Map.of("lanes", "0,1,2,3"));
            assertThat(consumer.pop(WAIT)).containsExactly(
                    new KeyOpFields("Ethernet0", Op.SET, Map.of("lanes", "0,1,2,3")));
            assertThat(raw.hgetAll("PORT_TABLE:Ethernet0")).containsOnly(Map.entry("lanes", "0,1,2,3"));
            assertThat(consumer.pop(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void popTakesAtMostTheBatchSizeAndFindsEntriesProducedBeforeTheConsumerExisted() {
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            for (int i = 0; i < 5; i++) {
                producer.set("Ethernet" + (4 * i), Map.of("index", Integer.toString(i)));
            }
            try (ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 2)) {
                List<Integer> sizes = new ArrayList<>();
                Set<String> keys = new java.util.HashSet<>();
                List<KeyOpFields> batch;
                while (!(batch = consumer.pop(Duration.ofMillis(200))).isEmpty()) {
                    sizes.add(batch.size());
                    batch.forEach(e -> keys.add(e.key()));
                }
                assertThat(sizes).containsExactly(2, 2, 1);
                assertThat(keys).containsExactlyInAnyOrder("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12",
                        "Ethernet16");
            }
        }
    }

    @Test
    void popWaitsForANotificationAndTimesOutWithoutOne() throws Exception {
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            long start = System.nanoTime();
            assertThat(consumer.pop(Duration.ofMillis(100))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));

            Thread writer = new Thread(() -> producer.set("Ethernet0", Map.of("mtu", "9100")), "test-writer");
            writer.start();
            assertThat(consumer.pop(WAIT)).extracting(KeyOpFields::key).containsExactly("Ethernet0");
            writer.join();
        }
    }

    @Test
    void monitorShowsTheExactCommandLayoutOfSwssCommon() throws Exception {
        RedisMonitor monitor = new RedisMonitor(REDIS.server());
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            producer.set("Ethernet0", ordered("lanes", "0,1,2,3", "alias", "etp1", "mtu", "9100"));
            producer.set("Ethernet0", ordered("admin_status", "up"));
            producer.del("Ethernet4");
            consumer.pop(WAIT);
        }
        List<List<String>> commands = stop(monitor);
        List<List<String>> client = commands.stream().filter(c -> !c.get(0).equals("lua")).toList();
        String set = StateTableScripts.SET.sha1();
        String del = StateTableScripts.DEL.sha1();
        String pops = StateTableScripts.POPS.sha1();

        assertThat(client).contains(
                List.of("SELECT", "0"),
                List.of("SCRIPT", "LOAD", StateTableScripts.SET.body()),
                List.of("SCRIPT", "LOAD", StateTableScripts.DEL.body()),
                List.of("SCRIPT", "LOAD", StateTableScripts.POPS.body()),
                List.of("EVALSHA", set, "5", CHANNEL, "PORT_TABLE_KEY_SET",
                        "_PORT_TABLE:Ethernet0", "_PORT_TABLE:Ethernet0", "_PORT_TABLE:Ethernet0",
                        "G", "Ethernet0", "lanes", "0,1,2,3", "alias", "etp1", "mtu", "9100"),
                List.of("EVALSHA", set, "3", CHANNEL, "PORT_TABLE_KEY_SET", "_PORT_TABLE:Ethernet0",
                        "G", "Ethernet0", "admin_status", "up"),
                List.of("EVALSHA", del, "4", CHANNEL, "PORT_TABLE_KEY_SET", "_PORT_TABLE:Ethernet4",
                        "PORT_TABLE_DEL_SET", "G", "Ethernet4", "''", "''"),
                List.of("EVALSHA", pops, "3", "PORT_TABLE_KEY_SET", "PORT_TABLE:", "PORT_TABLE_DEL_SET", "128", "_"));
        assertThat(client).containsSubsequence(
                List.of("WATCH", "PORT_TABLE_KEY_SET"), List.of("MULTI"), List.of("SCARD", "PORT_TABLE_KEY_SET"),
                List.of("EXEC"));
        assertThat(client).contains(List.of("SUBSCRIBE", CHANNEL));
        assertThat(client.stream().filter(c -> c.get(0).equals("SCRIPT")).count()).isEqualTo(3);
        // the first set publishes, the second finds the key pending, the del publishes for its new key
        assertThat(commands.stream().filter(c -> c.equals(List.of("lua", "PUBLISH", CHANNEL, "G"))).count())
                .isEqualTo(2);
    }

    @Test
    void twoProducersInterleaveOnOneTable() throws Exception {
        try (ChannelRecorder channel = new ChannelRecorder(REDIS, CHANNEL);
             ProducerStateTable portsyncd = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ProducerStateTable portmgrd = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            portsyncd.set("Ethernet0", ordered("lanes", "0,1,2,3", "speed", "100000"));
            portmgrd.set("Ethernet0", ordered("mtu", "9100", "admin_status", "up"));
            portmgrd.set("Ethernet4", ordered("mtu", "9100"));
            portsyncd.set("Ethernet0", ordered("speed", "400000"));
            portsyncd.set("Ethernet4", ordered("lanes", "4,5,6,7"));
            assertThat(channel.drain()).containsExactly("G", "G");

            Map<String, Map<String, String>> popped = consumer.pop(WAIT).stream()
                    .collect(Collectors.toMap(KeyOpFields::key, KeyOpFields::fields));
            assertThat(popped.get("Ethernet0")).containsOnly(Map.entry("lanes", "0,1,2,3"),
                    Map.entry("speed", "400000"), Map.entry("mtu", "9100"), Map.entry("admin_status", "up"));
            assertThat(popped.get("Ethernet4")).containsOnly(Map.entry("mtu", "9100"), Map.entry("lanes", "4,5,6,7"));
            assertThat(raw.hgetAll("PORT_TABLE:Ethernet0")).isEqualTo(popped.get("Ethernet0"));
        }
    }

    @Test
    void setAllLeavesTheSameStateAndNotificationsAsIndividualSets() throws Exception {
        List<KeyFields> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(new KeyFields("Ethernet" + (4 * i % 64), ordered("index", Integer.toString(i), "mtu", "9100")));
        }
        entries.add(new KeyFields("PortConfigDone", ordered("count", "200")));
        entries.add(new KeyFields("Ethernet999", Map.of()));

        List<String> individual;
        Map<String, Object> individualState;
        try (ChannelRecorder channel = new ChannelRecorder(REDIS, CHANNEL);
             ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            entries.forEach(e -> producer.set(e.key(), e.fields()));
            individual = channel.drain();
            individualState = dump();
        }
        REDIS.server().command("FLUSHALL");
        RedisMonitor monitor = new RedisMonitor(REDIS.server());
        try (ChannelRecorder channel = new ChannelRecorder(REDIS, CHANNEL);
             ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            producer.setAll(entries);
            assertThat(channel.drain()).isEqualTo(individual).hasSize(18);
            assertThat(dump()).isEqualTo(individualState);
        }
        List<List<String>> commands = stop(monitor).stream().filter(c -> !c.get(0).equals("lua")).toList();
        assertThat(commands.stream().filter(c -> c.get(0).equals("EVALSHA")).count()).isEqualTo(entries.size());
    }

    @Test
    void setAllCostsAConstantNumberOfRoundTrips() {
        List<KeyFields> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(new KeyFields("Ethernet" + i, ordered("index", Integer.toString(i))));
        }
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            long before = replyWrites();
            producer.setAll(entries);
            long pipelined = replyWrites() - before;

            before = replyWrites();
            entries.forEach(e -> producer.set(e.key(), e.fields()));
            long oneByOne = replyWrites() - before;

            assertThat(oneByOne).isGreaterThanOrEqualTo(entries.size());
            // the server reads a pipeline in a few socket-buffer-sized chunks, never once per command
            assertThat(pipelined).isLessThanOrEqualTo(oneByOne / 20);
        }
    }

    /** Write events the server has done towards clients (one per reply burst; our INFO adds one). */
    private long replyWrites() {
        for (String line : raw.info("stats").split("\r\n")) {
            if (line.startsWith("total_writes_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("redis-server reports no total_writes_processed");
    }

    @Test
    void scriptsAreLoadedAgainAfterNoscript() {
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
             ConsumerStateTable consumer = client.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 128)) {
            REDIS.server().command("SCRIPT", "FLUSH");
            producer.set("Ethernet0", Map.of("mtu", "9100"));
            REDIS.server().command("SCRIPT", "FLUSH");
            producer.del("Ethernet4");
            REDIS.server().command("SCRIPT", "FLUSH");
            producer.setAll(List.of(new KeyFields("Ethernet8", Map.of("mtu", "1500")),
                    new KeyFields("Ethernet12", Map.of("mtu", "1500"))));
            REDIS.server().command("SCRIPT", "FLUSH");
            assertThat(consumer.pop(WAIT)).extracting(KeyOpFields::key)
                    .containsExactlyInAnyOrder("Ethernet0", "Ethernet4", "Ethernet8", "Ethernet12");
        }
    }

    @Test
    void nullValuesAreRejectedBeforeAnythingIsSent() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("mtu", null);
        try (ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> producer.set("Ethernet0", withNull))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("set on PORT_TABLE: key, fields and values must not be null");
            producer.set("Ethernet4", Map.of("mtu", "9100"));
        }
        assertThat(raw.smembers("PORT_TABLE_KEY_SET")).containsExactly("Ethernet4");
    }

    /** Every key of db 0 with its content: sets as sorted lists, hashes as sorted maps. */
    private Map<String, Object> dump() {
        Map<String, Object> state = new TreeMap<>();
        for (String key : raw.keys("*")) {
            switch (raw.type(key)) {
                case "set" -> state.put(key, new java.util.TreeSet<>(raw.smembers(key)));
                case "hash" -> state.put(key, new TreeMap<>(raw.hgetAll(key)));
                default -> state.put(key, raw.type(key));
            }
        }
        return state;
    }

    private static Map<String, String> ordered(String... fieldsAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            map.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return map;
    }

    /** What the server executed, each command as its arguments with a leading "lua" when a script ran it. */
    private static List<List<String>> stop(RedisMonitor monitor) throws InterruptedException {
        List<MonitorLine> executed = monitor.commands();
        monitor.close();
        return executed.stream().map(line -> line.lua()
                ? Stream.concat(Stream.of("lua"), line.args().stream()).toList() : line.args()).toList();
    }
}
