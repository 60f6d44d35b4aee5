package net.sonic.portsyncd.api.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** swss-common's {@code Table}: rows {@code <table><sep><key>} of one logical database. */
public interface Table {

    String name();

    /** The full Redis key of a row. */
    String keyOf(String key);

    /**
     * HGETALL of a row with field names truncated at the first {@code @}, as swss-common's Table::get does;
     * values are kept verbatim. Empty when the row does not exist.
     */
    Map<String, String> get(String key);

    Optional<String> hget(String key, String field);

    void set(String key, Map<String, String> fields);

    void del(String key);

    /** Row keys (without the table prefix), listed with SCAN. */
    List<String> keys();
}
