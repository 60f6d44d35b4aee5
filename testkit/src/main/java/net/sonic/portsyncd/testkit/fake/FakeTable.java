package net.sonic.portsyncd.testkit.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sonic.portsyncd.api.db.DbConnection;
import net.sonic.portsyncd.api.db.Table;

/**
 * swss-common's Table over a connection, as the SONiC client implements it: field names read by {@link #get} and
 * values read by {@link #hget} end at their first {@code @}; {@link #keys} lists with SCAN, the table name taken
 * literally.
 */
final class FakeTable implements Table {
    private final DbConnection connection;
    private final String name;

    FakeTable(DbConnection connection, String name) {
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
        Map<String, String> row = new LinkedHashMap<>();
        connection.hgetall(keyOf(key)).forEach((field, value) -> row.put(beforeAt(field), value));
        return row;
    }

    @Override
    public Optional<String> hget(String key, String field) {
        return connection.hget(keyOf(key), field).map(FakeTable::beforeAt);
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
        StringBuilder literal = new StringBuilder();
        for (char c : prefix.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                literal.append('\\');
            }
            literal.append(c);
        }
        return connection.scan(literal + "*").stream().map(key -> key.substring(prefix.length())).toList();
    }

    private static String beforeAt(String text) {
        int at = text.indexOf('@');
        return at < 0 ? text : text.substring(0, at);
    }
}
