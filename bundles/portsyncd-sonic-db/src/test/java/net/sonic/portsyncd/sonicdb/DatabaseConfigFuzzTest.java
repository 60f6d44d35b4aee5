package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.DbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * database_config.json and database_global.json as an attacker or a broken deployment may write them: byte
 * flips, hostile JSON tokens, cut files, deep nesting, wrong types, through the real loader (file on disk,
 * includes, namespaces). Each case must end in a usable configuration or a {@link DbException} that names the
 * file, never another exception and never a hang. Seeded, so a failure is reproducible from its case number.
 *
 * <p>Cases: {@code -Dportsyncd.fuzz.cases=N}; default 100,000, 10,000,000 with {@code -Dportsyncd.long=true}.
 */
class DatabaseConfigFuzzTest {
    private static final long SEED = 0x4442_4346_4755_5aL;
    private static final int CASES = Integer.getInteger("portsyncd.fuzz.cases",
            Boolean.getBoolean("portsyncd.long") ? 10_000_000 : 100_000);
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-1", "0",
        "65536", "2147483648", "1e400", "-0.0", "\"\"", "\"|\"", "\":\"", "\"redis\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"INCLUDES\"", "\"INSTANCES\"", "\"DATABASES\"", "\"unix_socket_path\"", "\"namespace\"", "\"include\"",
        "\"../../../etc/passwd\"", "\"/\"", "\"asic0\"", "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", "\u00ff\u00fe",
        "\"container_name\"", "\"port\"", "\"hostname\"", "\"separator\"", "\"id\"", "/*", "#", "\t\n\r "};

    private Path directory;

    /** In memory when the machine has /dev/shm: the cases are about parsing, not about the disk. */
    @BeforeEach
    void createDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        directory = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "dbconfig-fuzz-")
                : Files.createTempDirectory("dbconfig-fuzz-");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Test
    void hostileConfigurationFilesAreLoadedOrRejectedWithTheFileNamed() throws IOException {
        Path config = directory.resolve("database_config.json");
        Path global = directory.resolve("database_global.json");
        Files.writeString(directory.resolve("asic0_config.json"), CONFIG_TEXT);
        List<byte[]> seeds = List.of(CONFIG_TEXT.getBytes(StandardCharsets.UTF_8),
                GLOBAL_TEXT.getBytes(StandardCharsets.UTF_8));
        SplittableRandom random = new SplittableRandom(SEED);

        long[] outcome = assertTimeoutPreemptively(Duration.ofSeconds(CASES / 1_000 + 60), () -> {
            long loaded = 0;
            long rejected = 0;
            for (int i = 0; i < CASES; i++) {
                boolean asGlobal = random.nextInt(4) == 0;
                byte[] input = mutate(random, seeds.get(asGlobal ? 1 : 0));
                Path file = asGlobal ? global : config;
                Files.write(file, input);
                String namespace = random.nextInt(3) == 0 ? "asic0" : "";
                try {
                    DatabaseConfig parsed = DatabaseConfigParser.load(file, namespace);
                    assertThat(parsed.databases()).as("case %d", i).isNotEmpty();
                    for (DatabaseConfig.DatabaseEntry entry : parsed.databases().values()) {
                        assertThat(parsed.instanceOf(entry)).as("case %d: instance of %s", i, entry).isNotNull();
                        assertThat(entry.separator()).isIn(":", "|");
                    }
                    loaded++;
                } catch (DbException e) {
                    assertThat(e.getMessage()).as("reason of case %d names a file", i).startsWith("/");
                    rejected++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("case " + i + " (namespace '" + namespace + "') escaped the loader: "
                            + Base64.getEncoder().encodeToString(input), e);
                }
            }
            return new long[] {loaded, rejected};
        });

        System.out.printf("database_config.json fuzz: %,d cases, %,d loaded, %,d rejected with a reason%n", CASES,
                outcome[0], outcome[1]);
        assertThat(outcome[0] + outcome[1]).isEqualTo(CASES);
        assertThat(outcome[0]).as("mutations that keep a valid file exist").isPositive();
        assertThat(outcome[1]).as("mutations that break the file exist").isPositive();
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        StringBuilder text = new StringBuilder(new String(seed, StandardCharsets.ISO_8859_1));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length());
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (text.length() > 0) {
                        text.setCharAt(at, (char) random.nextInt(256));
                    }
                }
                case 1 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(16)));
                case 3 -> text.setLength(at);
                case 4 -> replaceValue(random, text);
                case 5 -> text.insert(at, "[".repeat(1 + random.nextInt(1_200)));
                default -> {
                    int end = Math.min(text.length(), at + random.nextInt(64));
                    text.insert(random.nextInt(text.length() + 1), text.substring(at, end));
                }
            }
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Keeps the file well formed but puts a hostile value where a port, id, separator or name was. */
    private static void replaceValue(SplittableRandom random, StringBuilder text) {
        String[] fields = {"\"port\": ", "\"id\": ", "\"separator\": ", "\"instance\": ", "\"hostname\": ",
            "\"unix_socket_path\": ", "\"include\": ", "\"namespace\": "};
        String field = fields[random.nextInt(fields.length)];
        int at = text.indexOf(field);
        if (at < 0) {
            return;
        }
        int start = at + field.length();
        int end = start;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
            end++;
        }
        text.replace(start, end, TOKENS[random.nextInt(TOKENS.length)]);
    }

    private static final String CONFIG_TEXT = "{\n"
            + "  \"INSTANCES\": {\n"
            + "    \"redis\": { \"hostname\": \"127.0.0.1\", \"port\": 6379, \"unix_socket_path\": \"/var/run/redis/redis.sock\" },\n"
            + "    \"redis_chassis\": { \"hostname\": \"redis_chassis.server\", \"port\": 6380 }\n"
            + "  },\n"
            + "  \"DATABASES\": {\n"
            + "    \"APPL_DB\": { \"id\": 0, \"separator\": \":\", \"instance\": \"redis\" },\n"
            + "    \"CONFIG_DB\": { \"id\": 4, \"separator\": \"|\", \"instance\": \"redis\" },\n"
            + "    \"STATE_DB\": { \"id\": 6, \"separator\": \"|\", \"instance\": \"redis\" },\n"
            + "    \"CHASSIS_APP_DB\": { \"id\": 12, \"separator\": \"|\", \"instance\": \"redis_chassis\" }\n"
            + "  },\n"
            + "  \"VERSION\": \"1.0\"\n"
            + "}\n";

    private static final String GLOBAL_TEXT = "{\n"
            + "  \"INCLUDES\": [\n"
            + "    { \"include\": \"database_config.json\" },\n"
            + "    { \"namespace\": \"asic0\", \"include\": \"asic0_config.json\" },\n"
            + "    { \"container_name\": \"dpu0\", \"include\": \"dpu0_config.json\" }\n"
            + "  ],\n"
            + "  \"VERSION\": \"1.0\"\n"
            + "}\n";
}
