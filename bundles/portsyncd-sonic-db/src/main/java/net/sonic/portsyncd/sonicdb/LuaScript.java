package net.sonic.portsyncd.sonicdb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run with EVALSHA. The SHA1 is computed locally from the exact body, so it equals what
 * {@code SCRIPT LOAD} returns here and what swss-common's daemons load for the same text.
 */
record LuaScript(String name, String body, String sha1) {

    static LuaScript of(String name, String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(name, body, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }

    /** SCRIPT LOAD; the server must agree on the SHA1, otherwise the body is not what we think it is. */
    void load(Jedis jedis) {
        String loaded = jedis.scriptLoad(body);
        if (!sha1.equals(loaded)) {
            throw new IllegalStateException("SCRIPT LOAD of " + name + " returned " + loaded + ", expected " + sha1);
        }
    }

    /** EVALSHA; when the server has lost the script (restart, SCRIPT FLUSH) it is loaded again and re-run once. */
    Object evalsha(Jedis jedis, List<String> keys, List<String> args) {
        try {
            return jedis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            load(jedis);
            return jedis.evalsha(sha1, keys, args);
        }
    }
}
