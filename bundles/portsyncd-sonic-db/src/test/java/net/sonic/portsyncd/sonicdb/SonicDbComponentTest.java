package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmType;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.testkit.LogCapture;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.PrivateRedis;
import net.sonic.portsyncd.testkit.RecordingAlarms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import redis.clients.jedis.Jedis;

/**
 * The DS component outside a framework: a recording BundleContext stands in for the service registry, the
 * configuration is the annotation's defaults with overrides, and Redis is real.
 */
class SonicDbComponentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.create();

    @TempDir
    Path dir;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    @Test
    void registersSonicDbOnceTheMissingFileAppearsAndUnregistersOnDeactivate() {
        Path file = dir.resolve("sonic-db/database_config.json");
        SonicDbComponent component = new SonicDbComponent(context(),
                Map.of("database.config.path", file.toString(), "config.retry.interval.ms", "100"));
        try {
            assertThat(registered).isEmpty();
            REDIS.server().writeDatabaseConfig(file, true);
            Poll.until(WAIT, () -> registered.size() == 1, "SonicDb was not registered after the file appeared");

            Registered service = registered.get(0);
            assertThat(service.properties.get("namespace")).isEqualTo("");
            assertThat(service.properties.get("database.config.path")).isEqualTo(file.toString());
            try (DbConnection state = service.db.connect(SonicDb.STATE_DB);
                 Jedis raw = RedisTestSupport.raw(REDIS, 6)) {
                state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
                assertThat(raw.hget("PORT_TABLE|Ethernet0", "state")).isEqualTo("ok");
            }
        } finally {
            component.deactivate();
        }
        assertThat(registered.get(0).unregistrations.get()).isEqualTo(1);
        assertThatThrownBy(() -> registered.get(0).db.connect(SonicDb.APPL_DB))
                .isInstanceOf(DbException.class).hasMessageContaining("closed");
    }

    @Test
    void malformedFileKeepsTheServiceAwayUntilItIsFixed() throws Exception {
        Path file = dir.resolve("database_config.json");
        Files.writeString(file, "{\"INSTANCES\": {}}");
        try (LogCapture log = new LogCapture()) {
            SonicDbComponent component = new SonicDbComponent(context(),
                    Map.of("database.config.path", file.toString(), "config.retry.interval.ms", "100"));
            try {
                Poll.until(WAIT, () -> log.count(file + ": INSTANCES: at least one instance is required") == 1,
                        "the malformed file was not reported");
                assertThat(registered).isEmpty();
                REDIS.server().writeDatabaseConfig(file, false);
                Poll.until(WAIT, () -> registered.size() == 1, "SonicDb was not registered after the file was fixed");
                assertThat(registered.get(0).db.info(SonicDb.APPL_DB).endpoint())
                        .isEqualTo("tcp:127.0.0.1:" + REDIS.server().port());
            } finally {
                component.deactivate();
            }
        }
    }

    @Test
    void deactivatingBeforeTheFileLoadsRegistersNothing() {
        SonicDbComponent component = new SonicDbComponent(context(),
                Map.of("database.config.path", dir.resolve("absent.json").toString()));
        component.deactivate();
        assertThat(registered).isEmpty();
    }

    @Test
    void invalidValuesAreRejectedAndTheServiceIsOfferedWithTheLastGoodOnes() {
        Path file = REDIS.server().writeDatabaseConfig(dir.resolve("database_config.json"), false);
        new SonicDbComponent(context(), Map.of("database.config.path", file.toString(),
                "read.timeout.ms", "3000")).deactivate();
        registered.clear();
        RecordingAlarms alarms = new RecordingAlarms();
        SonicDbComponent component;
        try (LogCapture log = new LogCapture()) {
            component = new SonicDbComponent(context(), Map.of("database.config.path", file.toString(),
                    "connect.timeout.ms", "-5", "read.timeout.ms", "5 s", "reconnect.backoff.ms", "100",
                    "reconnect.backoff.max.ms", "10", "namespace", "../asic0"));
            assertThat(log.count("Configuration net.sonic.portsyncd.db: ")).isEqualTo(4);
            assertThat(log.count("Configuration net.sonic.portsyncd.db: read.timeout.ms = '5 s' rejected"
                    + " (an integer from 1 to 300000 is required); keeping 3000")).isEqualTo(1);
            assertThat(log.count("reconnect.backoff.max.ms = '10' rejected (an integer from 100"
                    + " (reconnect.backoff.ms) to 600000 is required)")).isEqualTo(1);
        }
        try {
            component.bindAlarms(alarms);
            assertThat(alarms.raises(AlarmType.CONFIG_REJECTED).get(0).details()).containsEntry(SonicDbComponent.PID,
                    "namespace, connect.timeout.ms, read.timeout.ms, reconnect.backoff.max.ms");
            Poll.until(WAIT, () -> registered.size() == 1, "SonicDb was not registered");
            assertThat(registered.get(0).properties.get("namespace")).isEqualTo("");
            try (DbConnection state = registered.get(0).db.connect(SonicDb.STATE_DB)) {
                state.hset("PORT_TABLE|Ethernet0", Map.of("state", "ok"));
            }
        } finally {
            component.deactivate();
        }

        SonicDbComponent corrected = new SonicDbComponent(context(), Map.of("database.config.path",
                file.toString()));
        corrected.bindAlarms(alarms);
        corrected.deactivate();
        assertThat(alarms.active(AlarmType.CONFIG_REJECTED)).isFalse();
    }

    @Test
    void theConnectionSettingsAreThoseConfigured() {
        SonicDbConfig config = new ConfigValidator<>(SonicDbComponent.SPEC).validate(Map.of("connect.timeout.ms",
                "100", "read.timeout.ms", "200", "reconnect.attempts", "3", "reconnect.backoff.ms", "0",
                "reconnect.backoff.max.ms", "0"));

        assertThat(SonicDbComponent.settingsOf(config)).isEqualTo(new ConnectionSettings(Duration.ofMillis(100),
                Duration.ofMillis(200), 3, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void namespaceFromTheConfigurationSelectsTheInclude() throws Exception {
        Path global = dir.resolve("database_global.json");
        REDIS.server().writeDatabaseConfig(dir.resolve("asic0/database_config.json"), false);
        Files.writeString(global, "{\"INCLUDES\": [{\"namespace\": \"asic0\", \"include\": \"asic0/database_config.json\"}]}");
        SonicDbComponent component = new SonicDbComponent(context(), Map.of(
                "database.config.path", global.toString(), "namespace", "asic0", "config.retry.interval.ms", "100"));
        try {
            Poll.until(WAIT, () -> registered.size() == 1, "SonicDb for asic0 was not registered");
            assertThat(registered.get(0).properties.get("namespace")).isEqualTo("asic0");
            assertThat(registered.get(0).properties.get("database.config.source"))
                    .isEqualTo(dir.resolve("asic0/database_config.json").toString());
        } finally {
            component.deactivate();
        }
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == SonicDb.class) {
                        Registered r = new Registered((SonicDb) args[1], (Dictionary<?, ?>) args[2]);
                        registered.add(r);
                        return r.registration();
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    private static final class Registered {
        final SonicDb db;
        final Dictionary<?, ?> properties;
        final AtomicInteger unregistrations = new AtomicInteger();

        Registered(SonicDb db, Dictionary<?, ?> properties) {
            this.db = db;
            this.properties = properties;
        }

        @SuppressWarnings("unchecked")
        ServiceRegistration<SonicDb> registration() {
            return (ServiceRegistration<SonicDb>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            unregistrations.incrementAndGet();
                            return null;
                        }
                        throw new UnsupportedOperationException(method.toString());
                    });
        }
    }
}
