package net.sonic.portsyncd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateRedisTest {
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    private static int firstPort;

    @Test
    @Order(1)
    void aStaticExtensionStartsOneServerForTheClassWithItsDatabaseConfig(RedisServer server) throws Exception {
        firstPort = server.port();
        assertThat(server).isSameAs(REDIS.server());
        assertThat(server.command("PING")).isEqualTo("+PONG");
        assertThat(Files.readString(REDIS.databaseConfig())).contains("\"port\": " + server.port())
                .contains(server.unixSocket().toString());
        assertThat(server.command("SET", "left", "behind")).isEqualTo("+OK");
    }

    @Test
    @Order(2)
    void theNextTestHasTheSameServerFlushed() {
        assertThat(REDIS.server().port()).isEqualTo(firstPort);
        assertThat(REDIS.server().command("EXISTS", "left")).isEqualTo(":0");
    }

    @Nested
    class InAnInstanceField {
        @RegisterExtension
        final PrivateRedis own = PrivateRedis.create();

        @Test
        void eachTestHasAServerOfItsOwn() {
            assertThat(REDIS.server().port()).as("the class's server, shared with its nested classes")
                    .isEqualTo(firstPort);
            assertThat(own.server().port()).isNotEqualTo(REDIS.server().port());
            own.server().kill();
            assertThat(REDIS.server().command("PING")).isEqualTo("+PONG");
        }
    }
}
