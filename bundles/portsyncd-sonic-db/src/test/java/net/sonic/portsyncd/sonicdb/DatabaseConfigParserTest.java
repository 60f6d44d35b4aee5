package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.SonicDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseConfigParserTest {
    private static final String INSTANCE = "\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": 6379}}";
    private static final String APPL_DB = "\"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \":\", \"instance\": \"redis\"}}";

    @TempDir
    Path dir;

    @Test
    void defaultLayoutResolvesIdsSeparatorsAndInstance() throws IOException {
        Path file = dir.resolve("database_config.json");
        Files.writeString(file, "{\n"
                + "  \"INSTANCES\": {\n"
                + "    \"redis\": {\"hostname\": \"127.0.0.1\", \"port\": 6379,"
                + " \"unix_socket_path\": \"" + dir.resolve("absent.sock") + "\", \"persistence_for_warm_boot\": \"yes\","
                + " \"database_type\": \"redis\"},\n"
                + "    \"redis_chassis\": {\"hostname\": \"redis_chassis.server\", \"port\": 6380}\n"
                + "  },\n"
                + "  \"DATABASES\": {\n"
                + "    \"APPL_DB\": {\"id\": 0, \"separator\": \":\", \"instance\": \"redis\"},\n"
                + "    \"CONFIG_DB\": {\"id\": 4, \"separator\": \"|\", \"instance\": \"redis\"},\n"
                + "    \"STATE_DB\": {\"id\": 6, \"separator\": \"|\", \"instance\": \"redis\"},\n"
                + "    \"CHASSIS_APP_DB\": {\"id\": 12, \"separator\": \"|\", \"instance\": \"redis_chassis\"}\n"
                + "  },\n"
                + "  \"VERSION\": \"1.0\"\n"
                + "}\n");
        try (SonicDbClient client = SonicDbClient.open(file, "", Duration.ofSeconds(1))) {
            assertThat(client.databaseNames()).containsExactly("APPL_DB", "CHASSIS_APP_DB", "CONFIG_DB", "STATE_DB");
            assertThat(client.info(SonicDb.APPL_DB)).isEqualTo(new DbInfo("APPL_DB", 0, ":", "redis", "tcp:127.0.0.1:6379"));
            assertThat(client.info(SonicDb.CONFIG_DB).separator()).isEqualTo("|");
            assertThat(client.info(SonicDb.STATE_DB).id()).isEqualTo(6);
            assertThat(client.info("CHASSIS_APP_DB").endpoint()).isEqualTo("tcp:redis_chassis.server:6380");
            assertThat(client.info(SonicDb.CONFIG_DB).key("PORT", "Ethernet0")).isEqualTo("PORT|Ethernet0");
            assertThatThrownBy(() -> client.info("FOO_DB"))
                    .isInstanceOf(DbException.class)
                    .hasMessageContaining("database FOO_DB is not defined in DATABASES of " + file);
        }
    }

    @Test
    void globalFileSelectsNamespacesWithIncludesRelativeToItsDirectory() throws IOException {
        Path global = dir.resolve("run/redis/sonic-db/database_global.json");
        Files.createDirectories(global.getParent());
        writeConfig(global.resolveSibling("database_config.json"), 6379);
        writeConfig(dir.resolve("run/redis0/sonic-db/database_config.json"), 6400);
        writeConfig(dir.resolve("run/redis1/sonic-db/database_config.json"), 6401);
        Files.writeString(global, "{\"INCLUDES\": ["
                + "{\"include\": \"database_config.json\"},"
                + "{\"namespace\": \"asic0\", \"include\": \"../../redis0/sonic-db/database_config.json\"},"
                + "{\"namespace\": \"asic1\", \"include\": \"../../redis1/sonic-db/database_config.json\"},"
                + "{\"container_name\": \"dpu0\", \"include\": \"../../dpu0/sonic-db/database_config.json\"}"
                + "], \"VERSION\": \"1.0\"}");

        assertThat(endpointOf(global, "")).isEqualTo("tcp:127.0.0.1:6379");
        assertThat(endpointOf(global, "asic0")).isEqualTo("tcp:127.0.0.1:6400");
        assertThat(endpointOf(global, "asic1")).isEqualTo("tcp:127.0.0.1:6401");
        try (SonicDbClient client = SonicDbClient.open(global, "asic1", Duration.ofSeconds(1))) {
            assertThat(client.namespace()).isEqualTo("asic1");
            assertThat(client.source()).isEqualTo(dir.resolve("run/redis1/sonic-db/database_config.json"));
        }
        assertThatThrownBy(() -> SonicDbClient.open(global, "asic7", Duration.ofSeconds(1)))
                .isInstanceOf(DbException.class)
                .hasMessage(global + ": INCLUDES: no entry for namespace 'asic7' (known: [, asic0, asic1])");
    }

    @Test
    void brokenIncludedFileIsNamedInTheError() throws IOException {
        Path global = dir.resolve("database_global.json");
        Path included = dir.resolve("asic0/database_config.json");
        Files.createDirectories(included.getParent());
        Files.writeString(included, "{" + INSTANCE + "}");
        Files.writeString(global, "{\"INCLUDES\": [{\"namespace\": \"asic0\", \"include\": \"asic0/database_config.json\"}]}");
        assertThatThrownBy(() -> SonicDbClient.open(global, "asic0", Duration.ofSeconds(1)))
                .isInstanceOf(DbException.class)
                .hasMessage(included + ": DATABASES: missing (an object is required)");
    }

    @Test
    void namespaceOnPlainConfigIsRejected() throws IOException {
        Path file = write("{" + INSTANCE + ", " + APPL_DB + "}");
        assertMalformed(file, "asic0", file + ": INCLUDES: namespace 'asic0' requested but the file is a"
                + " database_config.json without INCLUDES (only the default namespace \"\" exists)");
    }

    @Test
    void malformed01MissingFile() {
        Path file = dir.resolve("nowhere/database_config.json");
        assertMalformed(file, "", file + ": file does not exist");
    }

    @Test
    void malformed02NotJson() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": ");
        assertThatThrownBy(() -> SonicDbClient.open(file, "", Duration.ofSeconds(1)))
                .isInstanceOf(DbException.class)
                .hasMessageStartingWith(file + ": not valid JSON: ")
                .hasMessageContaining("at line 1 column");
    }

    /**
     * Files that parse but do not describe databases, with the namespace asked for: each is refused naming the
     * file, then the place in it and what is wrong there.
     */
    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                Arguments.of("", "", "file is empty, a JSON object is required"),
                Arguments.of("[1, 2]", "", "top level must be a JSON object, found array [1,2]"),
                Arguments.of("{" + APPL_DB + "}", "", "INSTANCES: missing (an object is required)"),
                Arguments.of(withRedis("\"hostname\": \"127.0.0.1\""), "",
                        "INSTANCES.redis.port: missing (an integer is required)"),
                Arguments.of(withRedis("\"hostname\": \"127.0.0.1\", \"port\": \"6379\""), "",
                        "INSTANCES.redis.port: must be an integer, found string \"6379\""),
                Arguments.of(withRedis("\"hostname\": \"127.0.0.1\", \"port\": 70000"), "",
                        "INSTANCES.redis.port: 70000 is outside 1..65535"),
                Arguments.of(withRedis("\"port\": 6379"), "",
                        "INSTANCES.redis.hostname: missing (a string is required)"),
                Arguments.of(withRedis("\"hostname\": \"h\", \"port\": 1, \"unix_socket_path\": 5"), "",
                        "INSTANCES.redis.unix_socket_path: must be a string, found number 5"),
                Arguments.of(withApplDb("{\"id\": 0, \"separator\": \"/\", \"instance\": \"redis\"}"), "",
                        "DATABASES.APPL_DB.separator: must be \":\" or \"|\", found \"/\""),
                Arguments.of(withApplDb("{\"id\": 0, \"separator\": \":\", \"instance\": \"redis9\"}"), "",
                        "DATABASES.APPL_DB.instance: instance \"redis9\" is not defined in INSTANCES"
                                + " (defined: [redis])"),
                Arguments.of(withApplDb("{\"id\": -1, \"separator\": \":\", \"instance\": \"redis\"}"), "",
                        "DATABASES.APPL_DB.id: -1 is outside 0..2147483647"),
                Arguments.of(withApplDb("{\"id\": 1.5, \"separator\": \":\", \"instance\": \"redis\"}"), "",
                        "DATABASES.APPL_DB.id: must be an integer, found number 1.5"),
                Arguments.of(withApplDb("0"), "", "DATABASES.APPL_DB must be an object, found number 0"),
                Arguments.of("{" + INSTANCE + ", \"DATABASES\": {}}", "",
                        "DATABASES: at least one database is required"),
                Arguments.of("{\"INCLUDES\": {\"include\": \"database_config.json\"}}", "",
                        "INCLUDES must be an array, found object {\"include\":\"database_config.json\"}"),
                Arguments.of("{\"INCLUDES\": [{\"namespace\": \"asic0\"}]}", "asic0",
                        "INCLUDES[0].include: missing (a string is required)"),
                Arguments.of("{\"INCLUDES\": [{\"include\": \"a.json\"}, {\"include\": \"b.json\"}]}", "",
                        "INCLUDES[1].namespace: namespace '' is included more than once"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformedFiles")
    void malformedFileIsRefusedNamingTheFileAndThePlace(String json, String namespace, String problem)
            throws IOException {
        Path file = write(json);
        assertMalformed(file, namespace, file + ": " + problem);
    }

    @Test
    void malformed19IncludedFileMissing() throws IOException {
        Path file = write("{\"INCLUDES\": [{\"include\": \"../elsewhere/database_config.json\"}]}");
        assertMalformed(file, "", dir.resolve("../elsewhere/database_config.json").normalize() + ": file does not exist");
    }

    private String endpointOf(Path file, String namespace) {
        try (SonicDbClient client = SonicDbClient.open(file, namespace, Duration.ofSeconds(1))) {
            return client.info(SonicDb.APPL_DB).endpoint();
        }
    }

    private void assertMalformed(Path file, String namespace, String message) {
        assertThatThrownBy(() -> SonicDbClient.open(file, namespace, Duration.ofSeconds(1)))
                .isInstanceOf(DbException.class)
                .hasMessage(message);
    }

    /** APPL_DB on the instance {@code redis} that has {@code fields}. */
    private static String withRedis(String fields) {
        return "{\"INSTANCES\": {\"redis\": {" + fields + "}}, " + APPL_DB + "}";
    }

    /** The instance {@code redis} and APPL_DB described by {@code database}. */
    private static String withApplDb(String database) {
        return "{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": " + database + "}}";
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "database_config", ".json");
        Files.writeString(file, json);
        return file;
    }

    private static void writeConfig(Path file, int port) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": " + port + "}}, "
                + APPL_DB + "}");
    }
}
