package net.sonic.portsyncd.api.db;

/**
 * A logical database as {@code database_config.json} describes it.
 *
 * @param name      e.g. APPL_DB
 * @param id        the Redis database number
 * @param separator ":" or "|"
 * @param instance  the instance name
 * @param endpoint  where it is reached, e.g. "unix:/var/run/redis/redis.sock" or "tcp:127.0.0.1:6379"
 */
public record DbInfo(String name, int id, String separator, String instance, String endpoint) {

    /** {@code <table><sep><key>}, or just the table name for an empty key (swss-common Table::getKeyName). */
    public String key(String table, String key) {
        return key == null || key.isEmpty() ? table : table + separator + key;
    }
}
