package net.sonic.portsyncd.testkit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A private redis-server for a JUnit 5 test class, with its SONiC {@code database_config.json}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();
 * ... SonicDbClient.open(REDIS.databaseConfig(), "", timeout) ...
 * }</pre>
 *
 * In a static field one server serves the whole class (started before the first test, stopped after the last); in
 * an instance field every test gets a server of its own, for tests that kill or restart it. Test and lifecycle
 * methods may also take the {@link RedisServer} as a parameter.
 */
public final class PrivateRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final boolean flushBeforeEach;
    private RedisServer server;
    private Path databaseConfig;
    private boolean perTest;
    private int classes;

    private PrivateRedis(boolean flushBeforeEach) {
        this.flushBeforeEach = flushBeforeEach;
    }

    /** Data written by one test stays for the next (a class whose tests build on each other, or write no data). */
    public static PrivateRedis create() {
        return new PrivateRedis(false);
    }

    /** Every test starts with empty databases (FLUSHALL before each). */
    public static PrivateRedis flushedBeforeEach() {
        return new PrivateRedis(true);
    }

    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("the private redis-server runs only while the test class does");
        }
        return server;
    }

    /** {@code database_config.json} for the server, naming its TCP port and its unix socket. */
    public Path databaseConfig() {
        server();
        return databaseConfig;
    }

    /**
     * JUnit calls this for the class and again for each of its {@code @Nested} classes: they share the one server,
     * which the last {@link #afterAll} stops (a second start here left the first server running after the tests).
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (classes++ == 0) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            start();
        } else if (flushBeforeEach) {
            server.command("FLUSHALL");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classes == 0) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    private void start() {
        server = RedisServer.start();
        databaseConfig = server.writeDatabaseConfig(server.directory().resolve("database_config.json"), true);
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
            databaseConfig = null;
        }
    }
}
