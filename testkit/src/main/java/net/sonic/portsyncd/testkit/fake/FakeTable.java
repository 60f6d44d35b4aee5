package net.sonic.portsyncd.testkit.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.Table;

/**
 * swss-common's Table on the in-memory keyspace: the rows {@code <table><sep><key>} of one database, the table name
 * taken literally; field names read by {@link #get} and values read by {@link #hget} end at their first {@code @}
 * (Table::stripSpecialSym). Its commands are logged as the client sends them (SCAN, HGETALL, HGET, HSET, DEL).
 */
final class FakeTable implements Table {
    private final FakeConnection connection;
    private final String name;
    private final String prefix;

    FakeTable(FakeConnection connection, String name) {
        this.connection = connection;
        this.name = name;
        this.prefix = name + connection.info().separator();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String keyOf(String key) {
        return prefix + key;
    }

    @Override
    public Map<String, String> get(String key) {
        return connection.run("HGETALL", keyOf(key), keys -> {
            Map<String, String> row = new LinkedHashMap<>();
            Map<String, String> hash = MemoryRedis.hash(keys, connection.info(), "HGETALL", keyOf(key));
            if (hash != null) {
                hash.forEach((field, value) -> row.put(untilAt(field), value));
            }
            return row;
        });
    }

    /** The value, also cut at its first {@code @} (swss-common strips field and value alike). */
    @Override
    public Optional<String> hget(String key, String field) {
        return connection.run("HGET", keyOf(key), keys -> {
            Map<String, String> hash = MemoryRedis.hash(keys, connection.info(), "HGET", keyOf(key));
            return Optional.ofNullable(hash == null ? null : hash.get(field)).map(FakeTable::untilAt);
        });
    }

    @Override
    public void set(String key, Map<String, String> fields) {
        if (!fields.isEmpty()) {
            Map<String, String> ordered = new LinkedHashMap<>(fields);
            connection.run("HSET", keyOf(key), keys -> MemoryRedis.hset(keys, connection.info(), keyOf(key), ordered));
        }
    }

    @Override
    public void del(String key) {
        connection.run("DEL", keyOf(key), keys -> keys.remove(keyOf(key)));
    }

    /** Every key that starts with the table's prefix, whatever characters the name holds. */
    @Override
    public List<String> keys() {
        return connection.run("SCAN", prefix + "*", keys -> keys.keySet().stream()
                .filter(key -> key.startsWith(prefix)).map(key -> key.substring(prefix.length())).toList());
    }

    private static String untilAt(String text) {
        int at = text.indexOf('@');
        return at < 0 ? text : text.substring(0, at);
    }
}
