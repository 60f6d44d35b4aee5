package net.sonic.portsyncd.support.config;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;

/**
 * The one CONFIG_REJECTED alarm, shared by every PID: its details map each PID with a rejected value to the keys
 * rejected, so a PID that becomes valid takes only itself off the alarm, which clears when no PID is left.
 */
final class ConfigRejectedAlarm {
    private ConfigRejectedAlarm() {
    }

    /** Puts {@code pid} on the alarm with {@code rejectedKeys}, or takes it off when there are none. */
    static void update(AlarmService alarms, String pid, List<String> rejectedKeys) {
        Map<String, String> listed = new TreeMap<>(listedPids(alarms));
        if (rejectedKeys.isEmpty()) {
            if (listed.remove(pid) == null) {
                return;
            }
            if (listed.isEmpty()) {
                alarms.clear(AlarmType.CONFIG_REJECTED, "configuration " + pid + " accepted");
                return;
            }
        } else {
            listed.put(pid, String.join(", ", rejectedKeys));
        }
        alarms.raise(AlarmType.CONFIG_REJECTED, AlarmSeverity.MINOR, text(listed), listed);
    }

    private static Map<String, String> listedPids(AlarmService alarms) {
        return alarms.activeAlarms().stream().filter(alarm -> alarm.type() == AlarmType.CONFIG_REJECTED)
                .findFirst().map(Alarm::details).orElse(Map.of());
    }

    private static String text(Map<String, String> listed) {
        StringJoiner text = new StringJoiner("; ", "Configuration rejected, last good values kept: ", "");
        listed.forEach((pid, keys) -> text.add(pid + " " + keys));
        return text.toString();
    }
}
