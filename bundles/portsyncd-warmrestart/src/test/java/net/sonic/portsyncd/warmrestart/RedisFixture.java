package net.sonic.portsyncd.warmrestart;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private redis-server with the SONiC database layout for a whole test class, a client on it, and STATE_DB
 * helpers; every test starts on empty databases:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisFixture REDIS = new RedisFixture();
 * }</pre>
 */
final class RedisFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    static final String WARM_RESTART_KEY = "WARM_RESTART_TABLE|portsyncd";

    private final PrivateRedis redis = PrivateRedis.flushedBeforeEach();
    private SonicDbClient client;
    private DbConnection stateDb;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis.beforeAll(context);
        client = SonicDbClient.open(redis.databaseConfig(), "", Duration.ofSeconds(5));
        stateDb = client.connect(SonicDb.STATE_DB);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis.beforeEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (stateDb != null) {
                stateDb.close();
            }
            if (client != null) {
                client.close();
            }
        } finally {
            redis.afterAll(context);
        }
    }

    SonicDb db() {
        return client;
    }

    void enableWarmRestart(String knob) {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|" + knob, Map.of("enable", "true"));
    }

    /** What a running SONiC's APPL_DB holds after portsyncd's cold start: orchagent is alive. */
    void publishPortConfigDone(int count) {
        try (DbConnection appl = client.connect(SonicDb.APPL_DB)) {
            appl.hset("PORT_TABLE:PortConfigDone", Map.of("count", Integer.toString(count)));
        }
    }

    void publishPortInitDone() {
        try (DbConnection appl = client.connect(SonicDb.APPL_DB)) {
            appl.hset("PORT_TABLE:PortInitDone", Map.of("lanes", "0"));
        }
    }

    void setRestoreCount(long count) {
        stateDb.hset(WARM_RESTART_KEY, Map.of("restore_count", Long.toString(count)));
    }

    Optional<String> restoreCount() {
        return stateDb.hget(WARM_RESTART_KEY, "restore_count");
    }

    Optional<String> warmRestartState() {
        return stateDb.hget(WARM_RESTART_KEY, "state");
    }

    Map<String, String> warmRestartRow() {
        return stateDb.hgetall(WARM_RESTART_KEY);
    }
}
