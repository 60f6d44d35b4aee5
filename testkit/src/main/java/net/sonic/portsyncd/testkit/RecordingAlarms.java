package net.sonic.portsyncd.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;

/** Keeps every raise and clear, in call order, to check what the code under test reports. */
public final class RecordingAlarms implements AlarmService {

    public record Call(boolean raise, AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public List<Call> raises(AlarmType type) {
        return calls.stream().filter(call -> call.raise() && call.type() == type).toList();
    }

    /** Raised and not cleared since. */
    public boolean active(AlarmType type) {
        List<Call> ofType = calls.stream().filter(call -> call.type() == type).toList();
        return !ofType.isEmpty() && ofType.get(ofType.size() - 1).raise();
    }

    @Override
    public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
        calls.add(new Call(true, type, severity, text, Map.copyOf(details)));
    }

    @Override
    public boolean clear(AlarmType type, String text) {
        boolean wasActive = active(type);
        calls.add(new Call(false, type, null, text, Map.of()));
        return wasActive;
    }

    /** The latest raise of every type raised and not cleared since, ordered by type (no times; every raise counted). */
    @Override
    public List<Alarm> activeAlarms() {
        return Arrays.stream(AlarmType.values()).filter(this::active).map(type -> {
            Call latest = raises(type).get(raises(type).size() - 1);
            return new Alarm(type, latest.severity(), latest.text(), latest.details(), 0, 0, raises(type).size());
        }).toList();
    }
}
