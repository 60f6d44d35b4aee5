package net.sonic.portsyncd.api.db;

import java.util.List;
import java.util.Map;

/**
 * swss-common's ProducerStateTable: writes pending changes into {@code _<T><sep><key>}, adds the key to
 * {@code <T>_KEY_SET} and publishes {@code G} on {@code <T>_CHANNEL@<id>} when the key was new.
 */
public interface ProducerStateTable extends AutoCloseable {

    String tableName();

    /** One EVALSHA of the set script (KEYS = channel, key set, temp hash x N; ARGV = G, key, f1, v1, ...). */
    void set(String key, Map<String, String> fields);

    /** One EVALSHA of the del script. */
    void del(String key);

    /**
     * Many sets sent together. The result in Redis is identical to calling {@link #set} for each entry in
     * order, but it costs a constant number of round trips.
     */
    void setAll(List<KeyFields> entries);

    @Override
    void close();
}
