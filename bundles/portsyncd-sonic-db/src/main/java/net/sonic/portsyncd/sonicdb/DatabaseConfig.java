package net.sonic.portsyncd.sonicdb;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import net.sonic.portsyncd.api.db.DbException;

/**
 * The instances and databases of one namespace, as read from {@code database_config.json}.
 *
 * @param source    the database_config.json these came from (for messages)
 * @param instances instances by name
 * @param databases databases by name
 */
record DatabaseConfig(Path source, Map<String, RedisInstance> instances, Map<String, DatabaseEntry> databases) {

    DatabaseConfig {
        instances = Map.copyOf(instances);
        databases = Map.copyOf(databases);
    }

    DatabaseEntry database(String name) {
        DatabaseEntry entry = databases.get(name);
        if (entry == null) {
            throw new DbException("database " + name + " is not defined in DATABASES of " + source
                    + " (defined: " + new TreeSet<>(databases.keySet()) + ")");
        }
        return entry;
    }

    RedisInstance instanceOf(DatabaseEntry entry) {
        return instances.get(entry.instance());
    }

    Set<String> databaseNames() {
        return new TreeSet<>(databases.keySet());
    }

    /**
     * One entry of {@code DATABASES}.
     *
     * @param name      e.g. APPL_DB
     * @param id        Redis database number
     * @param separator ":" or "|"
     * @param instance  name of an entry of INSTANCES
     */
    record DatabaseEntry(String name, int id, String separator, String instance) {
    }
}
