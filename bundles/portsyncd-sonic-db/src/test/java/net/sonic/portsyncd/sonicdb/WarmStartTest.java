package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.sonic.portsyncd.api.db.WarmStart;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;
import net.sonic.portsyncd.testkit.RedisServer;
import redis.clients.jedis.Jedis;

/** swss-common WarmStart::checkWarmStart on STATE_DB; behaviours 5-8 of the reference, §6. */
class WarmStartTest {
    private static RedisServer redis;

    @TempDir
    Path dir;
    private SonicDbClient client;
    private Jedis stateDb;
    private WarmStart warmStart;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.command("FLUSHALL");
        client = RedisTestSupport.client(redis, dir, true);
        stateDb = RedisTestSupport.raw(redis, 6);
        warmStart = client.warmStart();
    }

    @AfterEach
    void tearDown() {
        stateDb.close();
        client.close();
    }

    @Test
    void behaviour05_warmNoConfigReplayRestoreCountIncrements() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "3");

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check.warm()).isTrue();
        assertThat(check.systemEnabled()).isFalse();
        assertThat(check.dockerEnabled()).isTrue();
        assertThat(check.restoreCount()).isEqualTo(4);
        assertThat(stateDb.hgetAll("WARM_RESTART_TABLE|portsyncd")).containsOnly(Map.entry("restore_count", "4"));
    }

    @Test
    void behaviour06_systemKnobAloneMeansWarm() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|system", "enable", "true");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "0");

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check.warm()).isTrue();
        assertThat(check.systemEnabled()).isTrue();
        assertThat(check.dockerEnabled()).isFalse();
        assertThat(stateDb.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("1");
    }

    @Test
    void behaviour07_warmRequestedButDatabaseFlushedFallsBackToCold() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check.warm()).isFalse();
        assertThat(check.restoreCount()).isZero();
        assertThat(check.reason()).contains("no restore_count");
        assertThat(stateDb.hgetAll("WARM_RESTART_TABLE|portsyncd")).containsOnly(Map.entry("restore_count", "0"));
    }

    @Test
    void behaviour08_coldWritesRestoreCountZeroAndNoState() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|system", "enable", "false");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "7");

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check.warm()).isFalse();
        assertThat(check.systemEnabled()).isFalse();
        assertThat(check.dockerEnabled()).isFalse();
        assertThat(stateDb.hgetAll("WARM_RESTART_TABLE|portsyncd")).containsOnly(Map.entry("restore_count", "0"));
    }

    @Test
    void onlyTheExactValueTrueEnables() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|system", "enable", "True");
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "1");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "2");

        assertThat(warmStart.checkWarmStart("portsyncd", "swss").warm()).isFalse();
        assertThat(stateDb.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("0");
    }

    @Test
    void garbageRestoreCountFallsBackToColdInsteadOfFailing() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "many");

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check.warm()).isFalse();
        assertThat(check.reason()).contains("\"many\" is not a number");
        assertThat(stateDb.hget("WARM_RESTART_TABLE|portsyncd", "restore_count")).isEqualTo("0");
    }

    @Test
    void restoreCountIsParsedAndWrappedLikeAnUnsignedInt() {
        assertThat(RedisWarmStart.parseUnsigned("12abc")).contains(12L);
        assertThat(RedisWarmStart.parseUnsigned(" 5")).contains(5L);
        assertThat(RedisWarmStart.parseUnsigned("-1")).isEmpty();
        assertThat(RedisWarmStart.parseUnsigned("")).isEmpty();

        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "4294967295");
        assertThat(warmStart.checkWarmStart("portsyncd", "swss").restoreCount()).isZero();
    }

    @Test
    void setWarmStartStateWritesTheWireNameAndKeepsOtherFields() {
        stateDb.hset("WARM_RESTART_TABLE|orchagent", "restore_count", "2");
        for (WarmStartState state : List.of(WarmStartState.INITIALIZED, WarmStartState.RECONCILED)) {
            warmStart.setWarmStartState("orchagent", state);
            assertThat(stateDb.hgetAll("WARM_RESTART_TABLE|orchagent"))
                    .containsOnly(Map.entry("restore_count", "2"), Map.entry("state", state.wireName()));
        }
    }

    @Test
    void successiveWarmChecksKeepIncrementing() {
        stateDb.hset("WARM_RESTART_ENABLE_TABLE|swss", "enable", "true");
        stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", "0");
        warmStart.checkWarmStart("portsyncd", "swss");
        warmStart.checkWarmStart("portsyncd", "swss");
        assertThat(warmStart.checkWarmStart("portsyncd", "swss").restoreCount()).isEqualTo(3);
    }
}
