package net.sonic.portsyncd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.KeyFields;
import net.sonic.portsyncd.api.db.ProducerStateTable;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.Counter;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Pipeline;

/**
 * CONFIG_DB {@code PORT|*} rows with hostile content, through the engine's CONFIG_DB reader and SONiC's producer
 * into APPL_DB of a real redis-server: huge rows, binary bytes, empty names, fields and values, '@' in names,
 * separators and control characters in keys, keys of the wrong Redis type. Nothing may escape, nothing may hang,
 * every row is either copied (field names cut at '@', as swss-common does) or rejected and counted. Seeded;
 * {@code -Dportsyncd.fuzz.cases=N} rows (default 100,000, 10,000,000 with {@code -Dportsyncd.long=true}).
 */
class HostileConfigRowsFuzzTest extends EngineTestBase {
    private static final long SEED = 0x434f_4e46_4947_4442L;
    private static final int CASES = Integer.getInteger("portsyncd.fuzz.cases",
            Boolean.getBoolean("portsyncd.long") ? 10_000_000 : 100_000);
    private static final int ROWS_PER_ROUND = 1_000;
    private static final int MAX_ROW_CHARS = 4_096;
    private static final Set<String> SIGNAL_KEYS = Set.of("PortConfigDone", "PortInitDone");
    private static final String[] NAME_PARTS = {"Ethernet", "PortChannel", "@", "@@", "|", ":", "PORT|", "_PORT_TABLE:",
        " ", "\t", "\n", "\u0000", "\u00e9", "\u4e2d", "\ud83d\ude00", "*", "?", "[a]", "\\", "\"", "%s", "${x}",
        "PortConfigDone", "PortInitDone", "0", "-1"};

    /** A generated row: its key name, raw fields, and whether it must be rejected (and why). */
    private record Row(String name, Map<byte[], byte[]> fields, String wrongType, boolean oversized) {
        /** An empty name, or one of APPL_DB's signal keys, would corrupt what orchagent reads: never copied. */
        boolean rejected() {
            return name.isEmpty() || SIGNAL_KEYS.contains(name) || wrongType != null || oversized;
        }
    }

    @Test
    void hostileRowsAreCopiedWithTheirFieldsCutAtTheAtSignOrRejectedAndCounted() {
        SplittableRandom random = new SplittableRandom(SEED);
        CountingMetrics metrics = new CountingMetrics();
        PortConfigReader reader = new PortConfigReader(MAX_ROW_CHARS, metrics);
        long[] totals = assertTimeoutPreemptively(Duration.ofSeconds(CASES / 1_000 + 60), () -> {
            long copied = 0;
            long rejected = 0;
            try (DbConnection configDb = client.connect(SonicDb.CONFIG_DB);
                    DbConnection applDb = client.connect(SonicDb.APPL_DB);
                    ProducerStateTable producer = client.producerStateTable(SonicDb.APPL_DB, "PORT_TABLE")) {
                for (int done = 0; done < CASES; done += ROWS_PER_ROUND) {
                    redis().command("FLUSHALL");
                    List<Row> rows = generate(random, Math.min(ROWS_PER_ROUND, CASES - done));
                    write(rows);
                    long rejectedBefore = metrics.get(Counter.CONFIG_ROWS_REJECTED);

                    List<KeyFields> read = reader.readRows(configDb, reader.portNames(configDb));
                    producer.setAll(read);

                    long expectedRejections = rows.stream().filter(Row::rejected).count();
                    assertThat(metrics.get(Counter.CONFIG_ROWS_REJECTED) - rejectedBefore)
                            .as("rejections counted in the round after %d rows", done).isEqualTo(expectedRejections);
                    assertThat(read).hasSize(rows.size() - (int) expectedRejections);
                    verifyCopies(rows, read, applDb);
                    copied += read.size();
                    rejected += expectedRejections;
                }
            }
            return new long[] {copied, rejected};
        });
        System.out.printf("CONFIG_DB hostile rows: %,d rows, %,d copied to APPL_DB, %,d rejected and counted%n", CASES,
                totals[0], totals[1]);
        assertThat(totals[0] + totals[1]).isEqualTo(CASES);
        assertThat(totals[1]).isPositive();
    }

    /** A cold start of the whole engine on a CONFIG_DB full of hostile rows still ends with PortConfigDone. */
    @Test
    void theEngineStartsColdOnHostileRowsAndAnnouncesOnlyTheCopiedOnes() {
        List<Row> rows = generate(new SplittableRandom(SEED + 1), 300);
        write(rows);
        long accepted = rows.stream().filter(row -> !row.rejected()).count();
        Daemon daemon = startDaemon(Daemon.Options.defaults().withSettings(new SyncSettings(16_384, 2_048,
                Duration.ofMillis(20), Duration.ofMillis(500), Duration.ofSeconds(10), MAX_ROW_CHARS)));
        await(() -> daemon.sync.status().portConfigDone(), "PortConfigDone written");
        assertThat(row(appl, "_PORT_TABLE:PortConfigDone")).containsEntry("count", Long.toString(accepted));
        assertThat(daemon.metrics.get(Counter.CONFIG_ROWS_REJECTED)).isEqualTo(rows.size() - accepted);
        await(() -> daemon.sync.status().running(), "the engine runs after the start-up");
    }

    /**
     * Names that orchagent would misread: empty (the key set would get an empty member and no hash), not UTF-8 (read
     * back under another key, so a member with no hash: orchagent pops a DEL), or a signal key (the copy would land
     * on PortConfigDone or PortInitDone).
     */
    @Test
    void namesThatOrchagentWouldMisreadAreRejectedCountedAndNeverReachApplDb() {
        redis().command("FLUSHALL");
        Map<byte[], byte[]> fields = Map.of("lanes".getBytes(StandardCharsets.UTF_8), "0".getBytes(StandardCharsets.UTF_8),
                "count".getBytes(StandardCharsets.UTF_8), "999".getBytes(StandardCharsets.UTF_8));
        List<byte[]> hostile = List.of("PORT|".getBytes(StandardCharsets.UTF_8),
                new byte[] {'P', 'O', 'R', 'T', '|', 'E', 't', 'h', (byte) 0xff, (byte) 0xfe, '0'},
                new byte[] {'P', 'O', 'R', 'T', '|', (byte) 0xc3},
                "PORT|PortConfigDone".getBytes(StandardCharsets.UTF_8),
                "PORT|PortInitDone".getBytes(StandardCharsets.UTF_8));
        hostile.forEach(key -> config.hset(key, fields));
        config.hset("PORT|Ethernet0", Map.of("lanes", "0", "mtu", "9100"));

        Daemon daemon = startDaemon(Daemon.Options.defaults());
        await(() -> daemon.sync.status().portConfigDone(), "PortConfigDone written");

        assertThat(daemon.metrics.get(Counter.CONFIG_ROWS_REJECTED)).isEqualTo(hostile.size());
        assertThat(row(appl, "_PORT_TABLE:PortConfigDone")).isEqualTo(Map.of("count", "1"));
        assertThat(appl.exists("_PORT_TABLE:PortInitDone")).isFalse();
        assertThat(appl.smembers("PORT_TABLE_KEY_SET")).containsExactlyInAnyOrder("Ethernet0", "PortConfigDone");
        assertThat(appl.keys("*")).allSatisfy(key -> assertThat(key).doesNotContain("\uFFFD").doesNotEndWith(":"));
    }

    private List<Row> generate(SplittableRandom random, int count) {
        List<Row> rows = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        while (rows.size() < count) {
            String name = name(random);
            if (!names.add(name)) {
                continue;
            }
            int kind = random.nextInt(100);
            if (kind < 3) {
                rows.add(new Row(name, Map.of(), kind == 0 ? "string" : kind == 1 ? "list" : "set", false));
                continue;
            }
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            boolean oversized = kind < 8;
            int fieldCount = oversized ? 1 + random.nextInt(3) : 1 + random.nextInt(8);
            Set<String> fieldNames = new HashSet<>();
            long chars = name.length();
            for (int f = 0; f < fieldCount; f++) {
                String field = fieldName(random);
                if (!fieldNames.add(field)) {
                    continue;
                }
                byte[] value = oversized ? text(random, MAX_ROW_CHARS + random.nextInt(4 * MAX_ROW_CHARS)) : value(random);
                fields.put(field.getBytes(StandardCharsets.UTF_8), value);
                chars += field.length() + new String(value, StandardCharsets.UTF_8).length();
            }
            if (!oversized && chars > MAX_ROW_CHARS) {
                throw new IllegalStateException("a regular row came out oversized; the generator is wrong");
            }
            rows.add(new Row(name, fields, null, oversized));
        }
        return rows;
    }

    private static String name(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        int parts = random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            name.append(random.nextBoolean() ? NAME_PARTS[random.nextInt(NAME_PARTS.length)] : random.nextInt(1_000));
        }
        if (random.nextInt(50) == 0) {
            name.append("x".repeat(500 + random.nextInt(1_000)));
        }
        return name.toString();
    }

    private static String fieldName(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "speed@" + random.nextInt(100);
            case 2 -> "@";
            case 3 -> NAME_PARTS[random.nextInt(NAME_PARTS.length)] + random.nextInt(10);
            default -> new String[] {"lanes", "alias", "speed", "mtu", "admin_status", "fec", "index"}[random.nextInt(7)];
        };
    }

    /** Empty, ordinary, binary (any byte, not valid UTF-8) or a few hundred characters. */
    private static byte[] value(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> text(random, random.nextInt(300));
            default -> Integer.toString(random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] text(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }

    private void write(List<Row> rows) {
        Pipeline pipeline = config.pipelined();
        for (Row row : rows) {
            byte[] key = ("PORT|" + row.name()).getBytes(StandardCharsets.UTF_8);
            if (row.wrongType() == null) {
                pipeline.hset(key, row.fields());
            } else if (row.wrongType().equals("string")) {
                pipeline.set(key, "not a hash".getBytes(StandardCharsets.UTF_8));
            } else if (row.wrongType().equals("list")) {
                pipeline.rpush(key, "not".getBytes(StandardCharsets.UTF_8), "a hash".getBytes(StandardCharsets.UTF_8));
            } else {
                pipeline.sadd(key, "not a hash".getBytes(StandardCharsets.UTF_8));
            }
        }
        pipeline.sync();
    }

    /**
     * Every copied row is in APPL_DB's producer table with the fields as read, names cut at the first '@'; the
     * rejected ones are not there.
     */
    private void verifyCopies(List<Row> rows, List<KeyFields> read, DbConnection applDb) {
        Map<String, KeyFields> copies = new LinkedHashMap<>();
        read.forEach(copy -> copies.put(copy.key(), copy));
        for (Row row : rows) {
            KeyFields copy = copies.get(row.name());
            if (row.rejected()) {
                assertThat(copy).as("rejected row %s", PortConfigReader.printable(row.name())).isNull();
                continue;
            }
            assertThat(copy).as("copied row %s", PortConfigReader.printable(row.name())).isNotNull();
            Set<String> expectedNames = new HashSet<>();
            row.fields().keySet().forEach(field -> {
                String text = new String(field, StandardCharsets.UTF_8);
                expectedNames.add(text.contains("@") ? text.substring(0, text.indexOf('@')) : text);
            });
            assertThat(copy.fields().keySet()).as("field names of %s", PortConfigReader.printable(row.name()))
                    .isEqualTo(expectedNames);
            Map<String, String> inApplDb = applDb.hgetall(applDb.info().key("_PORT_TABLE", row.name()));
            assertThat(inApplDb).as("APPL_DB _PORT_TABLE:%s", PortConfigReader.printable(row.name()))
                    .isEqualTo(copy.fields());
        }
    }
}
