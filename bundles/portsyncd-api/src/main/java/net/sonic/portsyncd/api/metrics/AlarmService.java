package net.sonic.portsyncd.api.metrics;

import java.util.List;
import java.util.Map;

/**
 * Raises and clears operator alarms. One alarm per {@link AlarmType} is active at a time. Implementations are
 * thread safe; they emit a JMX notification when an alarm becomes active, changes severity, or clears, and log
 * each of those transitions.
 */
public interface AlarmService {

    /**
     * Raises {@code type}, or updates it when already active (text, details and severity are replaced, the
     * raise count grows; a notification is sent only when the severity changes).
     */
    void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details);

    /** Clears {@code type}; false when it was not active. */
    boolean clear(AlarmType type, String text);

    /** The active alarms, ordered by type. */
    List<Alarm> activeAlarms();

    /** Used where no alarm service is bound: raises nothing. */
    AlarmService NONE = new AlarmService() {
        @Override
        public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
        }

        @Override
        public boolean clear(AlarmType type, String text) {
            return false;
        }

        @Override
        public List<Alarm> activeAlarms() {
            return List.of();
        }
    };
}
