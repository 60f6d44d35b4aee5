package net.sonic.portsyncd.support.services;

import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigValidator;

/**
 * The optional metrics and alarm services of one component. DS binds and unbinds them at any moment, also while
 * the component runs; the component passes each call on to this class, and the classes that count or raise alarms
 * hold {@link #metrics()} and {@link #alarms()} from the start, which follow the bindings. The component's
 * configuration check is told of each binding too, so that rejections found before it are counted and alarmed.
 */
public final class OptionalServices {
    private final MetricsSwitch metrics = new MetricsSwitch();
    private final AlarmSwitch alarms = new AlarmSwitch();
    private final ConfigValidator<?> configCheck;

    public OptionalServices(ConfigValidator<?> configCheck) {
        this.configCheck = configCheck;
    }

    /** The metrics service bound at the moment, {@link MetricsRecorder#NONE} while none is. */
    public MetricsRecorder metrics() {
        return metrics;
    }

    /** The alarm service bound at the moment, {@link AlarmService#NONE} while none is; never throws. */
    public AlarmService alarms() {
        return alarms;
    }

    public void bindMetrics(MetricsRecorder recorder) {
        metrics.bind(recorder);
        configCheck.bindMetrics(recorder);
    }

    public void unbindMetrics(MetricsRecorder recorder) {
        configCheck.unbindMetrics(recorder);
        metrics.unbind(recorder);
    }

    public void bindAlarms(AlarmService service) {
        alarms.bind(service);
        configCheck.bindAlarms(service);
    }

    public void unbindAlarms(AlarmService service) {
        configCheck.unbindAlarms(service);
        alarms.unbind(service);
    }
}
