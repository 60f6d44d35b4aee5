package net.sonic.portsyncd.core;

import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.db.DbUnavailableException;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;

/** REDIS_DOWN for the sync thread: raised once per outage, cleared when STATE_DB has caught up with it. */
final class RedisDownAlarm {
    private static final List<String> DATABASES = List.of(SonicDb.CONFIG_DB, SonicDb.APPL_DB, SonicDb.STATE_DB);

    private final AlarmService alarms;

    RedisDownAlarm(AlarmService alarms) {
        this.alarms = alarms;
    }

    void raise(DbUnavailableException error, int portsWaiting) {
        String message = String.valueOf(error.getMessage());
        alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "Redis is unreachable: " + message,
                Map.of("database", databaseOf(message),
                        "error", message,
                        "portsWaiting", Integer.toString(portsWaiting)));
    }

    void clear(String text) {
        alarms.clear(AlarmType.REDIS_DOWN, text);
    }

    /** The SONiC client names the database first in its errors; the exception carries it nowhere else. */
    private static String databaseOf(String message) {
        return DATABASES.stream().filter(message::startsWith).findFirst().orElse("unknown");
    }
}
