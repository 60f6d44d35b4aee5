package net.sonic.portsyncd.sonicdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.DbException;
import net.sonic.portsyncd.api.db.Script;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.testkit.PrivateRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** DbConnection.evalScript against a real redis-server: EVALSHA, loading on NOSCRIPT, decoded replies, errors. */
class ScriptTest {
    /** Reads a row of APPL_DB from a STATE_DB connection and writes into STATE_DB: SELECT stays inside the script. */
    private static final Script COPY_FROM_APPL = new Script("copy-from-appl", """
            redis.call('SELECT', ARGV[1])
            local lanes = redis.call('HGET', KEYS[1], 'lanes')
            redis.call('SELECT', ARGV[2])
            redis.call('HSET', KEYS[2], 'lanes', lanes)
            return {1, lanes, false, {redis.call('EXISTS', KEYS[2])}}
            """, true);

    @RegisterExtension
    static final PrivateRedis REDIS = PrivateRedis.flushedBeforeEach();

    /** Each test counts the script loads it causes. */
    @BeforeEach
    void forgetScripts() {
        REDIS.server().command("SCRIPT", "FLUSH");
        REDIS.server().command("CONFIG", "RESETSTAT");
    }

    @Test
    void scriptRunsOnItsConnectionAndItsReplyIsDecoded() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, true);
             DbConnection state = client.connect(SonicDb.STATE_DB);
             Jedis appl = RedisTestSupport.raw(REDIS, 0);
             Jedis raw6 = RedisTestSupport.raw(REDIS, 6)) {
            appl.hset("PORT_TABLE:Ethernet0", Map.of("lanes", "0,1"));

            Object reply = state.evalScript(COPY_FROM_APPL, List.of("PORT_TABLE:Ethernet0", "PORT_TABLE|Ethernet0"),
                    List.of("0", "6"));

            assertThat(reply).isEqualTo(Arrays.asList(1L, "0,1", null, List.of(1L)));
            assertThat(raw6.hgetAll("PORT_TABLE|Ethernet0")).containsExactly(Map.entry("lanes", "0,1"));
            // the connection is still on STATE_DB after the script selected APPL_DB
            assertThat(state.exists("PORT_TABLE|Ethernet0")).isTrue();
        }
    }

    @Test
    void scriptIsLoadedOnceAndAgainAfterTheServerLostIt() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection state = client.connect(SonicDb.STATE_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 6)) {
            REDIS.server().commandOn(0, "HSET", "PORT_TABLE:Ethernet0", "lanes", "0");
            List<String> keys = List.of("PORT_TABLE:Ethernet0", "PORT_TABLE|Ethernet0");
            state.evalScript(COPY_FROM_APPL, keys, List.of("0", "6"));
            state.evalScript(COPY_FROM_APPL, keys, List.of("0", "6"));
            assertThat(scriptLoads(raw)).isEqualTo(1);

            raw.scriptFlush();
            state.evalScript(COPY_FROM_APPL, keys, List.of("0", "6"));
            assertThat(scriptLoads(raw)).isEqualTo(2);
        }
    }

    @Test
    void anErrorTheScriptRaisesIsADbExceptionNamingIt() {
        try (SonicDbClient client = RedisTestSupport.client(REDIS, false);
             DbConnection state = client.connect(SonicDb.STATE_DB);
             Jedis raw = RedisTestSupport.raw(REDIS, 6)) {
            raw.set("PORT_TABLE|Ethernet0", "not a hash");
            assertThatThrownBy(() -> state.evalScript(COPY_FROM_APPL,
                    List.of("PORT_TABLE:Ethernet0", "PORT_TABLE|Ethernet0"), List.of("0", "6")))
                    .isInstanceOf(DbException.class)
                    .hasMessageContaining("STATE_DB: EVALSHA copy-from-appl rejected by Redis");
            assertThatThrownBy(() -> state.evalScript(new Script("broken", "return +", true), List.of(), List.of()))
                    .isInstanceOf(DbException.class)
                    .hasMessageContaining("broken");
            assertThat(state.exists("PORT_TABLE|Ethernet0")).isTrue();
        }
    }

    @Test
    void aScriptWithoutBodyIsRefused() {
        assertThatThrownBy(() -> new Script("empty", " \n", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    /** SCRIPT LOAD calls the server has executed, from INFO commandstats. */
    private static long scriptLoads(Jedis raw) {
        for (String line : raw.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_script|load:")) {
                int calls = line.indexOf("calls=") + "calls=".length();
                return Long.parseLong(line.substring(calls, line.indexOf(',', calls)));
            }
        }
        return 0;
    }
}
