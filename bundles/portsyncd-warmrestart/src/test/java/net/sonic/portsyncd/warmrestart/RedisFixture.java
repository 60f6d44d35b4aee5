package net.sonic.portsyncd.warmrestart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.RedisServer;

/** A private redis-server with the SONiC database layout, a client on it, and STATE_DB helpers. */
final class RedisFixture implements AutoCloseable {
    static final String WARM_RESTART_KEY = "WARM_RESTART_TABLE|portsyncd";

    private final RedisServer server;
    private final SonicDbClient client;
    private final DbConnection stateDb;

    private RedisFixture(RedisServer server, SonicDbClient client) {
        this.server = server;
        this.client = client;
        this.stateDb = client.connect(SonicDb.STATE_DB);
    }

    static RedisFixture start() {
        RedisServer server = RedisServer.start();
        try {
            Path config = server.writeDatabaseConfig(server.directory().resolve("database_config.json"), true);
            return new RedisFixture(server, SonicDbClient.open(config, "", Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("cannot set up the database fixture", e);
        }
    }

    SonicDb db() {
        return client;
    }

    RedisServer server() {
        return server;
    }

    void flushAll() {
        server.command("FLUSHALL");
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

    @Override
    public void close() {
        stateDb.close();
        client.close();
        server.close();
    }
}
