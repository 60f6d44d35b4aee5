package net.sonic.portsyncd.api.db;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Commands queued on a connection and sent in one pipeline. The suppliers returned by queries may be read only
 * after {@link #execute()}.
 */
public interface Batch {

    Supplier<Map<String, String>> hgetall(String key);

    Supplier<Boolean> exists(String key);

    void hset(String key, Map<String, String> fields);

    void del(String key);

    /** Number of commands queued. */
    int size();

    /** Sends everything queued and waits for all replies. */
    void execute();
}
