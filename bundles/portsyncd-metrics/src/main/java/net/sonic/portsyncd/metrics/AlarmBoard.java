package net.sonic.portsyncd.metrics;

import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active alarms, one per type, with a log line for every transition. Raise and clear return the change an
 * operator must be told about (a new alarm, a severity change, a clear), and nothing for a mere repeat.
 */
public final class AlarmBoard {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmBoard.class);

    private final Clock clock;
    private final Map<AlarmType, Alarm> active = new EnumMap<>(AlarmType.class);

    public AlarmBoard(Clock clock) {
        this.clock = clock;
    }

    /** The alarm to announce, empty when it repeats an active alarm at the same severity. */
    public synchronized Optional<Alarm> raise(AlarmType type, AlarmSeverity severity, String text,
            Map<String, String> details) {
        Objects.requireNonNull(type, "alarm type");
        Objects.requireNonNull(severity, "alarm severity");
        String description = text == null || text.isBlank() ? type.notificationType() : text;
        Map<String, String> facts = withoutNulls(details);
        long now = clock.millis();
        Alarm previous = active.get(type);
        Alarm alarm = previous == null
                ? new Alarm(type, severity, description, facts, now, now, 1)
                : new Alarm(type, severity, description, facts, previous.raisedAtMillis(), now,
                        previous.raiseCount() + 1);
        active.put(type, alarm);
        if (previous == null) {
            LOG.warn("Alarm raised: {} {} {} {}", type.notificationType(), severity, description, facts);
            return Optional.of(alarm);
        }
        if (previous.severity() != severity) {
            LOG.warn("Alarm {} now {} (was {}): {} {}", type.notificationType(), severity, previous.severity(),
                    description, facts);
            return Optional.of(alarm);
        }
        LOG.debug("Alarm {} raised again ({} times): {} {}", type.notificationType(), alarm.raiseCount(),
                description, facts);
        return Optional.empty();
    }

    /** The alarm that was cleared, empty when it was not active. */
    public synchronized Optional<Alarm> clear(AlarmType type, String text) {
        Alarm cleared = active.remove(Objects.requireNonNull(type, "alarm type"));
        if (cleared != null) {
            LOG.info("Alarm cleared: {} {}", type.notificationType(), text == null ? "" : text);
        }
        return Optional.ofNullable(cleared);
    }

    public synchronized List<Alarm> active() {
        return List.copyOf(active.values());
    }

    private static Map<String, String> withoutNulls(Map<String, String> details) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((key, value) -> {
                if (key != null && value != null) {
                    copy.put(key, value);
                }
            });
        }
        return copy;
    }
}
