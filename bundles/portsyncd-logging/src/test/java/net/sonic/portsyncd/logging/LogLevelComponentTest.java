package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.sonicdb.ConnectionSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ConfigurationAdmin;

/** The level follower activated with what a .cfg file with a typo hands it, against a real redis-server. */
class LogLevelComponentTest {
    @TempDir
    Path dir;

    @Test
    void aTypoIsRejectedAndTheLevelIsStillFollowed() {
        AtomicInteger levelWrites = new AtomicInteger();
        ConfigurationAdmin configAdmin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    levelWrites.incrementAndGet();
                    throw new IOException("pax-logging is not part of this test");
                });
        RecordingAlarms alarms = new RecordingAlarms();
        try (RedisServer redis = RedisServer.start();
                SonicDbClient db = SonicDbClient.open(redis.writeDatabaseConfig(dir.resolve("database_config.json"),
                        false), "", ConnectionSettings.withTimeout(Duration.ofSeconds(1)))) {
            LogLevelComponent component;
            try (LogCapture log = new LogCapture()) {
                component = new LogLevelComponent(db, configAdmin, Map.of("poll.interval.ms", "2 s"));
                assertThat(log.count("Configuration " + LogLevelComponent.PID + ": poll.interval.ms = '2 s' rejected"
                        + " (an integer from 100 to 3600000 is required)")).isEqualTo(1);
            }
            component.bindAlarms(alarms);
            try {
                assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isTrue();
                redis.commandOn(4, "HSET", "LOGGER|portsyncd", "LOGLEVEL", "DEBUG");
                Poll.until(Duration.ofSeconds(10), () -> levelWrites.get() > 0, "LOGLEVEL DEBUG was not applied");
            } finally {
                component.close();
            }
        }
    }
}
