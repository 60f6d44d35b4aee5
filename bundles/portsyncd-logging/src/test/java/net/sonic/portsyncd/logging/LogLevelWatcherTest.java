package net.sonic.portsyncd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.sonic.portsyncd.sonicdb.ConnectionSettings;
import net.sonic.portsyncd.sonicdb.SonicDbClient;
import net.sonic.portsyncd.testkit.Poll;
import net.sonic.portsyncd.testkit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher against a real redis-server, feeding the properties pax-logging would be given. */
class LogLevelWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int CONFIG_DB = 4;

    @TempDir
    Path dir;

    private RedisServer redis;
    private SonicDbClient db;
    private final PaxConfiguration pax = new PaxConfiguration();
    private LogLevelWatcher watcher;

    /** Stands in for the pax-logging configuration: keeps the properties the watcher's levels produce. */
    private static final class PaxConfiguration implements LogLevelWatcher.LevelApplier {
        final List<SonicLogLevel> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresToInject = new AtomicInteger();
        volatile Hashtable<String, Object> properties = new Hashtable<>();
        final AtomicInteger updates = new AtomicInteger();

        @Override
        public void apply(SonicLogLevel level) {
            received.add(level);
            if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("configuration admin unavailable");
            }
            PaxLoggingLevels.withLevel(properties, level.log4jLevel()).ifPresent(updated -> {
                properties = updated;
                updates.incrementAndGet();
            });
        }

        String level() {
            return PaxLoggingLevels.levelIn(properties).orElse("none");
        }
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        Path config = redis.writeDatabaseConfig(dir.resolve("database_config.json"), false);
        db = SonicDbClient.open(config, "", new ConnectionSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        db.close();
        redis.close();
    }

    private void setLevel(String value) {
        redis.commandOn(CONFIG_DB, "HSET", "LOGGER|portsyncd", "LOGLEVEL", value);
    }

    private void start() {
        watcher = new LogLevelWatcher(db, pax, POLL);
    }

    /** Lets at least {@code count} more complete polls happen, so "nothing changed" is really observed. */
    private void awaitPolls(int count) {
        long target = watcher.polls() + count + 1;
        Poll.until(WAIT, () -> watcher.polls() >= target, () -> "polls " + watcher.polls() + " < " + target);
    }

    @Test
    void theLevelFollowsLoglevelLive() {
        setLevel("NOTICE");
        start();
        Poll.until(WAIT, () -> pax.level().equals("INFO"), () -> "level " + pax.level());

        setLevel("DEBUG");
        Poll.until(WAIT, () -> pax.level().equals("DEBUG"), () -> "level " + pax.level());

        setLevel("CRIT");
        Poll.until(WAIT, () -> pax.level().equals("FATAL"), () -> "level " + pax.level());
        assertThat(pax.received).containsExactly(SonicLogLevel.NOTICE, SonicLogLevel.DEBUG, SonicLogLevel.CRIT);
        assertThat(pax.properties).containsEntry("log4j2.logger.portsyncd.name", "net.sonic.portsyncd");
        assertThat(watcher.applied()).isEqualTo(3);
        assertThat(watcher.rejected()).isZero();
    }

    @Test
    void aValueIsAppliedOnceNotOnEveryPoll() {
        setLevel("INFO");
        start();
        Poll.until(WAIT, () -> watcher.applied() == 1, () -> "applied " + watcher.applied());

        awaitPolls(3);

        assertThat(pax.received).containsExactly(SonicLogLevel.INFO);
    }

    @Test
    void garbageIsRejectedCountedOncePerValueAndTheLevelStays() {
        setLevel("WARN");
        start();
        Poll.until(WAIT, () -> pax.level().equals("WARN"), () -> "level " + pax.level());

        setLevel("verbose");
        Poll.until(WAIT, () -> watcher.rejected() == 1, () -> "rejected " + watcher.rejected());
        awaitPolls(3);
        assertThat(watcher.rejected()).isEqualTo(1);

        for (String garbage : new String[] {"debug", "TRACE", "", "DEBUG\u0000", "\u001b[2J", "x".repeat(5000)}) {
            long before = watcher.rejected();
            setLevel(garbage);
            Poll.until(WAIT, () -> watcher.rejected() == before + 1, () -> "rejected " + watcher.rejected());
        }

        assertThat(pax.level()).isEqualTo("WARN");
        assertThat(pax.received).containsExactly(SonicLogLevel.WARN);
        assertThat(watcher.rejected()).isEqualTo(7);

        setLevel("ERROR");
        Poll.until(WAIT, () -> pax.level().equals("ERROR"), () -> "level " + pax.level());
    }

    @Test
    void aMissingRowOrFieldChangesNothing() {
        redis.commandOn(CONFIG_DB, "HSET", "LOGGER|portsyncd", "LOGOUTPUT", "SYSLOG");
        start();
        awaitPolls(3);
        redis.commandOn(CONFIG_DB, "DEL", "LOGGER|portsyncd");
        awaitPolls(3);

        assertThat(pax.received).isEmpty();
        assertThat(watcher.rejected()).isZero();

        setLevel("DEBUG");
        Poll.until(WAIT, () -> pax.level().equals("DEBUG"), () -> "level " + pax.level());
    }

    @Test
    void followsAgainAfterARedisOutage() {
        setLevel("INFO");
        start();
        Poll.until(WAIT, () -> pax.level().equals("INFO"), () -> "level " + pax.level());

        redis.kill();
        awaitPolls(2);
        redis.restart();
        setLevel("ERROR");

        Poll.until(Duration.ofSeconds(20), () -> pax.level().equals("ERROR"), () -> "level " + pax.level());
        assertThat(pax.received).containsExactly(SonicLogLevel.INFO, SonicLogLevel.ERROR);
    }

    @Test
    void aFailedApplyIsRetriedOnTheNextPoll() {
        pax.failuresToInject.set(2);
        setLevel("DEBUG");
        start();

        Poll.until(WAIT, () -> pax.level().equals("DEBUG"), () -> "level " + pax.level());
        assertThat(pax.received).containsExactly(SonicLogLevel.DEBUG, SonicLogLevel.DEBUG, SonicLogLevel.DEBUG);
        assertThat(watcher.applied()).isEqualTo(1);
    }
}
