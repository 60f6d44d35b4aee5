package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.DbInfo;
import net.sonic.portsyncd.api.db.SonicDb;

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

    @Test
    void malformed03EmptyFile() throws IOException {
        Path file = write("");
        assertMalformed(file, "", file + ": file is empty, a JSON object is required");
    }

    @Test
    void malformed04TopLevelArray() throws IOException {
        Path file = write("[1, 2]");
        assertMalformed(file, "", file + ": top level must be a JSON object, found array [1,2]");
    }

    @Test
    void malformed05MissingInstances() throws IOException {
        Path file = write("{" + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES: missing (an object is required)");
    }

    @Test
    void malformed06MissingPort() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\"}}, " + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES.redis.port: missing (an integer is required)");
    }

    @Test
    void malformed07PortIsAString() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": \"6379\"}}, " + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES.redis.port: must be an integer, found string \"6379\"");
    }

    @Test
    void malformed08PortOutOfRange() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": 70000}}, " + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES.redis.port: 70000 is outside 1..65535");
    }

    @Test
    void malformed09MissingHostname() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": {\"port\": 6379}}, " + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES.redis.hostname: missing (a string is required)");
    }

    @Test
    void malformed10BadSeparator() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \"/\","
                + " \"instance\": \"redis\"}}}");
        assertMalformed(file, "", file + ": DATABASES.APPL_DB.separator: must be \":\" or \"|\", found \"/\"");
    }

    @Test
    void malformed11UnknownInstance() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \":\","
                + " \"instance\": \"redis9\"}}}");
        assertMalformed(file, "", file + ": DATABASES.APPL_DB.instance: instance \"redis9\" is not defined in"
                + " INSTANCES (defined: [redis])");
    }

    @Test
    void malformed12NegativeId() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": {\"id\": -1, \"separator\": \":\","
                + " \"instance\": \"redis\"}}}");
        assertMalformed(file, "", file + ": DATABASES.APPL_DB.id: -1 is outside 0..2147483647");
    }

    @Test
    void malformed13FractionalId() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": {\"id\": 1.5, \"separator\": \":\","
                + " \"instance\": \"redis\"}}}");
        assertMalformed(file, "", file + ": DATABASES.APPL_DB.id: must be an integer, found number 1.5");
    }

    @Test
    void malformed14DatabaseIsNotAnObject() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {\"APPL_DB\": 0}}");
        assertMalformed(file, "", file + ": DATABASES.APPL_DB must be an object, found number 0");
    }

    @Test
    void malformed15UnixSocketPathIsNotAString() throws IOException {
        Path file = write("{\"INSTANCES\": {\"redis\": {\"hostname\": \"h\", \"port\": 1, \"unix_socket_path\": 5}}, "
                + APPL_DB + "}");
        assertMalformed(file, "", file + ": INSTANCES.redis.unix_socket_path: must be a string, found number 5");
    }

    @Test
    void malformed16IncludesIsNotAnArray() throws IOException {
        Path file = write("{\"INCLUDES\": {\"include\": \"database_config.json\"}}");
        assertMalformed(file, "", file + ": INCLUDES must be an array, found object {\"include\":\"database_config.json\"}");
    }

    @Test
    void malformed17IncludeWithoutPath() throws IOException {
        Path file = write("{\"INCLUDES\": [{\"namespace\": \"asic0\"}]}");
        assertMalformed(file, "asic0", file + ": INCLUDES[0].include: missing (a string is required)");
    }

    @Test
    void malformed18DuplicateNamespace() throws IOException {
        Path file = write("{\"INCLUDES\": [{\"include\": \"a.json\"}, {\"include\": \"b.json\"}]}");
        assertMalformed(file, "", file + ": INCLUDES[1].namespace: namespace '' is included more than once");
    }

    @Test
    void malformed19IncludedFileMissing() throws IOException {
        Path file = write("{\"INCLUDES\": [{\"include\": \"../elsewhere/database_config.json\"}]}");
        assertMalformed(file, "", dir.resolve("../elsewhere/database_config.json").normalize() + ": file does not exist");
    }

    @Test
    void malformed20EmptyDatabases() throws IOException {
        Path file = write("{" + INSTANCE + ", \"DATABASES\": {}}");
        assertMalformed(file, "", file + ": DATABASES: at least one database is required");
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
