package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import net.sonic.portsyncd.api.db.Batch;
import net.sonic.portsyncd.api.db.ConsumerStateTable;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.KeyOpFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.fake.FakeSonicDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-memory SonicDb of the fast tests against this client on a real redis-server: the same calls must give the
 * same answers and leave the same keys, fields (in the same order) and types behind. What the fake declares it does
 * not do (Lua scripts, a hung server) is not compared.
 */
class FakeSonicDbConformanceTest {
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    private SonicDbClient real;
    private final FakeSonicDb fake = new FakeSonicDb();

    @BeforeEach
    void open() {
        real = SonicDbClient.open(REDIS.databaseConfig(), "", RedisTestSupport.fastSettings());
    }

    @AfterEach
    void close() {
        real.close();
    }

    /** Runs {@code calls} on both, then compares what they answered and what each database holds. */
    private void sameOnBoth(Function<SonicDb, Object> calls) {
        Object onRedis = calls.apply(real);
        Object inMemory = calls.apply(fake);
        assertThat(inMemory).as("answers").isEqualTo(onRedis);
        for (String db : List.of(SonicDb.APPL_DB, SonicDb.CONFIG_DB, SonicDb.STATE_DB)) {
            assertThat(contents(fake, db)).as(db).isEqualTo(contents(real, db));
        }
    }

    /** Every key with its fields in order, or its refusal when it is not a hash. */
    private static Map<String, Object> contents(SonicDb sonicDb, String db) {
        Map<String, Object> contents = new TreeMap<>();
        try (DbConnection connection = sonicDb.connect(db)) {
            for (String key : connection.scan("*")) {
                contents.put(key, fieldsOrRefusal(() -> List.copyOf(connection.hgetall(key).entrySet())));
            }
        }
        return contents;
    }

    private static Object fieldsOrRefusal(Supplier<Object> read) {
        try {
            return read.get();
        } catch (DbException e) {
            return e.getClass().getSimpleName() + (e.getMessage().contains("WRONGTYPE") ? " WRONGTYPE" : "");
        }
    }

    @Test
    void tablesListTheirOwnRowsTakeTheirNameLiterallyAndCutFieldNamesAtTheFirstAt() {
        sameOnBoth(db -> {
            try (DbConnection config = db.connect(SonicDb.CONFIG_DB)) {
                config.hset("PORT|Ethernet0", ordered("lanes@deprecated", "0,1", "alias", "etp1@x", "mtu", "9100"));
                config.hset("PORT|", ordered("lanes", "9"));
                config.hset("PORTCHANNEL|PortChannel1", ordered("mtu", "9100"));
                config.hset("PORT_QOS_MAP|Ethernet0", ordered("a", "b"));
                config.hset("P*|x", ordered("a", "b"));
                config.hset("PORT|Ethernet0", ordered("alias", "etp2@y", "speed", "100000"));
                List<Object> seen = new ArrayList<>();
                seen.add(new TreeMap<>(Map.of("PORT", config.table("PORT").keys().stream().sorted().toList(),
                        "P*", config.table("P*").keys())));
                seen.add(List.copyOf(config.table("PORT").get("Ethernet0").entrySet()));
                seen.add(config.table("PORT").hget("Ethernet0", "alias"));
                seen.add(config.table("PORT").get("Ethernet4"));
                seen.add(config.hget("PORT|Ethernet0", "nothing"));
                seen.add(config.exists("PORT|"));
                seen.add(config.del("PORT|", "PORT|Ethernet4"));
                config.hset("PORT|Ethernet4", Map.of());
                return seen;
            }
        });
    }

    @Test
    void aPipelineRefusedOnAKeyOfAnotherTypeRunsEveryCommandAndAnswersUpToTheRefusal() {
        sameOnBoth(db -> {
            try (ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
                    DbConnection appl = db.connect(SonicDb.APPL_DB)) {
                producer.set("Ethernet0", ordered("lanes", "0"));
                Batch batch = appl.batch();
                Supplier<Boolean> first = batch.exists("PORT_TABLE_KEY_SET");
                batch.hset("PORT_TABLE:Ethernet4", ordered("state", "ok"));
                Supplier<Map<String, String>> refused = batch.hgetall("PORT_TABLE_KEY_SET");
                batch.hset("PORT_TABLE:Ethernet8", ordered("state", "ok"));
                Supplier<Boolean> last = batch.exists("PORT_TABLE:Ethernet8");
                List<Object> seen = new ArrayList<>();
                seen.add(fieldsOrRefusal(() -> {
                    batch.execute();
                    return "executed";
                }));
                seen.add(fieldsOrRefusal(first::get));
                seen.add(readable(refused));
                seen.add(readable(last));
                seen.add(fieldsOrRefusal(() -> appl.hgetall("PORT_TABLE_KEY_SET")));
                return seen;
            }
        });
    }

    private static String readable(Supplier<?> reply) {
        try {
            return String.valueOf(reply.get());
        } catch (IllegalStateException e) {
            return "no reply";
        }
    }

    @Test
    void theProducerAndConsumerMoveRowsAsSwssCommonsScriptsDo() {
        sameOnBoth(db -> {
            List<Object> seen = new ArrayList<>();
            try (ProducerStateTable producer = db.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE");
                    DbConnection appl = db.connect(SonicDb.APPL_DB)) {
                appl.hset("PORT_TABLE:Ethernet8", ordered("lanes", "8", "admin_status", "up"));
                producer.set("Ethernet0", ordered("lanes", "0", "mtu", "9100"));
                producer.setAll(List.of(new KeyFields("Ethernet0", ordered("mtu", "1500", "speed", "1000")),
                        new KeyFields("Ethernet4", ordered("lanes", "4"))));
                producer.del("Ethernet8");
                producer.set("PortConfigDone", ordered("count", "2"));
                seen.add(new TreeMap<>(contents(db, SonicDb.APPL_DB)));
                try (ConsumerStateTable orchagent = db.consumerStateTable(SonicDb.APPL_DB, "PORT_TABLE", 2)) {
                    List<KeyOpFields> popped = new ArrayList<>();
                    List<KeyOpFields> batch;
                    while (!(batch = orchagent.pop(Duration.ofMillis(200))).isEmpty()) {
                        popped.addAll(batch);
                    }
                    seen.add(popped.stream().map(e -> e.key() + " " + e.op() + " " + List.copyOf(e.fields().entrySet()))
                            .sorted().toList());
                }
                producer.set("Ethernet0", ordered("admin_status", "down"));
            }
            return seen;
        });
    }

    @Test
    void theWarmStartCheckCountsRestoresAsSwssCommonDoes() {
        sameOnBoth(db -> {
            List<Object> seen = new ArrayList<>();
            try (DbConnection state = db.connect(SonicDb.STATE_DB)) {
                seen.add(check(db));
                state.hset("WARM_RESTART_ENABLE_TABLE|swss", ordered("enable", "true"));
                state.del("WARM_RESTART_TABLE|portsyncd");
                seen.add(check(db));
                for (String stored : List.of("7", " 12abc", "many", "4294967295", "")) {
                    state.hset("WARM_RESTART_TABLE|portsyncd", ordered("restore_count", stored));
                    seen.add(check(db));
                }
                state.hset("WARM_RESTART_ENABLE_TABLE|swss", ordered("enable", "false"));
                state.hset("WARM_RESTART_ENABLE_TABLE|system", ordered("enable", "true"));
                seen.add(check(db));
            }
            return seen;
        });
    }

    private static String check(SonicDb db) {
        WarmStartCheck check = db.warmStart().checkWarmStart("portsyncd", "swss");
        return check.warm() + " " + check.systemEnabled() + " " + check.dockerEnabled() + " " + check.restoreCount();
    }

    private static Map<String, String> ordered(String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return fields;
    }
}
