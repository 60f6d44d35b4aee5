package net.sonic.portsyncd.sonicdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.Table;

/**
 * swss-common's {@code Table} over a {@link DbConnection}. As there, field names read by {@link #get} and values
 * read by {@link #hget} are cut at the first {@code @} (Table::stripSpecialSym).
 */
final class RedisTable implements Table {
    private final DbConnection connection;
    private final String name;

    RedisTable(DbConnection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String keyOf(String key) {
        return connection.info().key(name, key);
    }

    @Override
    public Map<String, String> get(String key) {
        Map<String, String> result = new LinkedHashMap<>();
        connection.hgetall(keyOf(key)).forEach((field, value) -> result.put(stripSpecialSym(field), value));
        return result;
    }

    @Override
    public Optional<String> hget(String key, String field) {
        return connection.hget(keyOf(key), field).map(RedisTable::stripSpecialSym);
    }

    @Override
    public void set(String key, Map<String, String> fields) {
        connection.hset(keyOf(key), fields);
    }

    @Override
    public void del(String key) {
        connection.del(keyOf(key));
    }

    @Override
    public List<String> keys() {
        String prefix = name + connection.info().separator();
        return connection.scan(escapeGlob(prefix) + "*").stream()
                .map(k -> k.substring(prefix.length()))
                .collect(Collectors.toList());
    }

    static String stripSpecialSym(String s) {
        int at = s.indexOf('@');
        return at < 0 ? s : s.substring(0, at);
    }

    /** Table names are literal: glob metacharacters in them must not widen the SCAN pattern. */
    static String escapeGlob(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
