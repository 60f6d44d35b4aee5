package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.sonic.portsyncd.api.db.WarmStart;
import net.sonic.portsyncd.api.db.WarmStartCheck;
import net.sonic.portsyncd.api.db.WarmStartState;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/** swss-common WarmStart::checkWarmStart on STATE_DB; behaviours 5-8 of the reference, §6. */
class WarmStartTest {
    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    private SonicDbClient client;
    private Jedis stateDb;
    private WarmStart warmStart;

    @BeforeEach
    void setUp() {
        client = RedisTestSupport.client(REDIS, true);
        stateDb = RedisTestSupport.raw(REDIS, 6);
        warmStart = client.warmStart();
    }

    @AfterEach
    void tearDown() {
        stateDb.close();
        client.close();
    }

    /**
     * Each start as the reference decides it: the knobs in {@code WARM_RESTART_ENABLE_TABLE} and portsyncd's
     * {@code restore_count} before the check (none: the row is absent), the check's outcome, and
     * {@code WARM_RESTART_TABLE|portsyncd} left holding only the new restore_count (no {@code state} field).
     */
    static Stream<Arguments> starts() {
        return Stream.of(
                Arguments.of("behaviour 05: warm, no config replay, restore_count increments",
                        Map.of("swss", "true"), "3",
                        new WarmStartCheck(true, false, true, 4, "warm start: enabled by swss, restore_count 4")),
                Arguments.of("behaviour 06: the system knob alone means warm",
                        Map.of("system", "true"), "0",
                        new WarmStartCheck(true, true, false, 1, "warm start: enabled by system, restore_count 1")),
                Arguments.of("behaviour 07: warm requested but the database flushed falls back to cold",
                        Map.of("swss", "true"), null,
                        new WarmStartCheck(false, false, true, 0, "cold start: warm restart enabled but"
                                + " WARM_RESTART_TABLE|portsyncd has no restore_count (database was flushed)")),
                Arguments.of("behaviour 08: cold writes restore_count 0 and no state",
                        Map.of("system", "false"), "7",
                        new WarmStartCheck(false, false, false, 0,
                                "cold start: warm restart is not enabled for system or swss")),
                Arguments.of("only the exact value true enables",
                        Map.of("system", "True", "swss", "1"), "2",
                        new WarmStartCheck(false, false, false, 0,
                                "cold start: warm restart is not enabled for system or swss")),
                Arguments.of("a garbage restore_count falls back to cold instead of failing",
                        Map.of("swss", "true"), "many",
                        new WarmStartCheck(false, false, true, 0,
                                "cold start: warm restart enabled but restore_count \"many\" is not a number")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void checkWarmStartDecidesFromTheKnobsAndRewritesRestoreCount(String behaviour, Map<String, String> knobs,
            String restoreCount, WarmStartCheck expected) {
        knobs.forEach((scope, enable) -> stateDb.hset("WARM_RESTART_ENABLE_TABLE|" + scope, "enable", enable));
        if (restoreCount != null) {
            stateDb.hset("WARM_RESTART_TABLE|portsyncd", "restore_count", restoreCount);
        }

        WarmStartCheck check = warmStart.checkWarmStart("portsyncd", "swss");

        assertThat(check).isEqualTo(expected);
        assertThat(stateDb.hgetAll("WARM_RESTART_TABLE|portsyncd"))
                .containsOnly(Map.entry("restore_count", Long.toString(expected.restoreCount())));
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
