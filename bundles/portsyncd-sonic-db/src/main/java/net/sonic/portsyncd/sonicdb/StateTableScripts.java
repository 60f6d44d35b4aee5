package net.sonic.portsyncd.sonicdb;

/**
 * The Lua bodies of swss-common's ProducerStateTable set and del (common/producerstatetable.cpp, non-flushPub
 * mode, in which the publish snippet is appended to every body) and ConsumerStateTable (common/consumer_state_table_pops.lua).
 * They are kept byte for byte, so the SHA1s match the scripts SONiC's own daemons load.
 */
final class StateTableScripts {
    private StateTableScripts() {
    }

    private static final String PUBLISH_IF_ADDED =
            "if added > 0 then \n"
            + "    redis.call('PUBLISH', KEYS[1], ARGV[1])\n"
            + "end\n";

    /** KEYS = [channel, key set, temp hash x N]; ARGV = ["G", key, f1, v1, ...]. */
    static final LuaScript SET = LuaScript.of("producer set",
            "local added = redis.call('SADD', KEYS[2], ARGV[2])\n"
            + "for i = 0, #KEYS - 3 do\n"
            + "    redis.call('HSET', KEYS[3 + i], ARGV[3 + i * 2], ARGV[4 + i * 2])\n"
            + "end\n"
            + PUBLISH_IF_ADDED);

    /** KEYS = [channel, key set, temp hash, del set]; ARGV = ["G", key, "''", "''"]. */
    static final LuaScript DEL = LuaScript.of("producer del",
            "local added = redis.call('SADD', KEYS[2], ARGV[2])\n"
            + "redis.call('SADD', KEYS[4], ARGV[2])\n"
            + "redis.call('DEL', KEYS[3])\n"
            + PUBLISH_IF_ADDED);

    /** KEYS = [key set, "T:", del set]; ARGV = [pop batch size, "_"]. */
    static final LuaScript POPS = LuaScript.of("consumer pops",
            "redis.replicate_commands()\n"
            + "local ret = {}\n"
            + "local tablename = KEYS[2]\n"
            + "local stateprefix = ARGV[2]\n"
            + "local keys = redis.call('SPOP', KEYS[1], ARGV[1])\n"
            + "local n = table.getn(keys)\n"
            + "for i = 1, n do\n"
            + "   local key = keys[i]\n"
            + "   -- Check if there was request to delete the key, clear it in table first\n"
            + "   local num = redis.call('SREM', KEYS[3], key)\n"
            + "   if num == 1 then\n"
            + "      redis.call('DEL', tablename..key)\n"
            + "   end\n"
            + "   -- Push the new set of field/value for this key in table\n"
            + "   local fieldvalues = redis.call('HGETALL', stateprefix..tablename..key)\n"
            + "   table.insert(ret, {key, fieldvalues})\n"
            + "   for i = 1, #fieldvalues, 2 do\n"
            + "      redis.call('HSET', tablename..key, fieldvalues[i], fieldvalues[i + 1])\n"
            + "   end\n"
            + "   -- Clean up the key in temporary state table\n"
            + "   redis.call('DEL', stateprefix..tablename..key)\n"
            + "end\n"
            + "return ret\n");
}
