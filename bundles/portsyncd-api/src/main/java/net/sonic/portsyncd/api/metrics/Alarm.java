package net.sonic.portsyncd.api.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * An active alarm.
 *
 * @param type            what is wrong
 * @param severity        the severity of the latest raise
 * @param text            human-readable description of the latest raise
 * @param details         structured facts of the latest raise (e.g. file, database, errno), sorted by key
 * @param raisedAtMillis  wall-clock time of the first raise since the alarm was last clear
 * @param updatedAtMillis wall-clock time of the latest raise
 * @param raiseCount      how many times it was raised since it was last clear
 */
public record Alarm(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details,
        long raisedAtMillis, long updatedAtMillis, long raiseCount) {

    public Alarm {
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}
