package net.sonic.portsyncd.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;
import org.junit.jupiter.api.Test;

class AlarmSwitchTest {

    /** Remembers the types raised and cleared. */
    private static final class Recording implements AlarmService {
        final List<String> calls = new ArrayList<>();

        @Override
        public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
            calls.add("raise " + type);
        }

        @Override
        public boolean clear(AlarmType type, String text) {
            calls.add("clear " + type);
            return true;
        }

        @Override
        public List<Alarm> activeAlarms() {
            return List.of();
        }
    }

    /** Throws from every call, as a broken or half-stopped alarm service might. */
    private static final class Broken implements AlarmService {
        @Override
        public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
            throw new IllegalStateException("broken");
        }

        @Override
        public boolean clear(AlarmType type, String text) {
            throw new IllegalStateException("broken");
        }

        @Override
        public List<Alarm> activeAlarms() {
            throw new IllegalStateException("broken");
        }
    }

    @Test
    void forwardsToTheBoundServiceAndToNothingOnceItLeaves() {
        AlarmSwitch alarms = new AlarmSwitch();
        Recording first = new Recording();
        Recording second = new Recording();

        alarms.raise(AlarmType.CORRUPTION, AlarmSeverity.MAJOR, "before any binding", Map.of());
        alarms.bind(first);
        alarms.raise(AlarmType.CORRUPTION, AlarmSeverity.MAJOR, "bad file", Map.of("file", "x"));
        alarms.bind(second);
        alarms.unbind(first);
        boolean cleared = alarms.clear(AlarmType.CORRUPTION, "saved");
        alarms.unbind(second);

        assertThat(first.calls).containsExactly("raise CORRUPTION");
        assertThat(second.calls).containsExactly("clear CORRUPTION");
        assertThat(cleared).isTrue();
        assertThat(alarms.clear(AlarmType.CORRUPTION, "nobody listens")).isFalse();
    }

    @Test
    void aThrowingServiceNeverReachesTheCaller() {
        AlarmSwitch alarms = new AlarmSwitch();
        alarms.bind(new Broken());

        alarms.raise(AlarmType.REDIS_DOWN, AlarmSeverity.CRITICAL, "down", null);

        assertThat(alarms.clear(AlarmType.REDIS_DOWN, "up")).isFalse();
        assertThat(alarms.activeAlarms()).isEmpty();
    }
}
