package net.sonic.portsyncd.support.services;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.sonic.portsyncd.api.metrics.Alarm;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.AlarmSeverity;
import net.sonic.portsyncd.api.metrics.AlarmType;

/**
 * The alarm service bound at the moment, {@link AlarmService#NONE} while none is. A component holds one for its
 * whole life and hands it to the classes that raise alarms, so that the metrics bundle can come, go or be
 * updated underneath them. Raising or clearing never throws: an alarm is a side channel and must not break the
 * work that reports it.
 */
public final class AlarmSwitch implements AlarmService {
    private static final System.Logger LOG = System.getLogger(AlarmSwitch.class.getName());

    private final AtomicReference<AlarmService> target = new AtomicReference<>(AlarmService.NONE);

    public void bind(AlarmService service) {
        target.set(service);
    }

    /** Only falls back to {@code NONE} when the departing service is the current one: a greedy rebind binds first. */
    public void unbind(AlarmService service) {
        target.compareAndSet(service, AlarmService.NONE);
    }

    @Override
    public void raise(AlarmType type, AlarmSeverity severity, String text, Map<String, String> details) {
        try {
            target.get().raise(type, severity, text, details);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot raise alarm " + type + ": " + text, e);
        }
    }

    @Override
    public boolean clear(AlarmType type, String text) {
        try {
            return target.get().clear(type, text);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clear alarm " + type + ": " + text, e);
            return false;
        }
    }

    @Override
    public List<Alarm> activeAlarms() {
        try {
            return target.get().activeAlarms();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the active alarms", e);
            return List.of();
        }
    }
}
