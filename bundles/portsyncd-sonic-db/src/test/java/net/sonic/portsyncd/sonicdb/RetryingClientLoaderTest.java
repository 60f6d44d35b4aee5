package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryingClientLoaderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void logsEachDistinctFailureOnceAndHandsOverTheClientOnceLoaded() throws Exception {
        Path file = dir.resolve("database_config.json");
        List<SonicDbClient> loaded = new CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture();
             RetryingClientLoader loader = new RetryingClientLoader(
                     () -> SonicDbClient.open(file, "", Duration.ofSeconds(1)), loaded::add, Duration.ofMillis(20),
                     "test-config-loader").start()) {
            Poll.until(WAIT, () -> loader.attempts() >= 5, "loader did not retry");
            assertThat(log.count("file does not exist")).isEqualTo(1);
            assertThat(log.lines()).anyMatch(l -> l.contains("[test-config-loader] WARN")
                    && l.contains("retrying every 20 ms: " + file + ": file does not exist"));

            Files.writeString(file, "{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\"}}}");
            int before = loader.attempts();
            Poll.until(WAIT, () -> loader.attempts() >= before + 5, "loader did not retry the malformed file");
            assertThat(log.count("INSTANCES.redis.port: missing")).isEqualTo(1);
            assertThat(loaded).isEmpty();

            Files.writeString(file, "{\"INSTANCES\": {\"redis\": {\"hostname\": \"127.0.0.1\", \"port\": 6379}},"
                    + " \"DATABASES\": {\"APPL_DB\": {\"id\": 0, \"separator\": \":\", \"instance\": \"redis\"}}}");
            Poll.until(WAIT, () -> loaded.size() == 1, "configuration was not loaded");
            assertThat(loaded.get(0).info(SonicDb.APPL_DB).id()).isZero();
            Poll.until(WAIT, () -> log.count("loaded after earlier failures") == 1, "recovery line");
        }
    }
}
