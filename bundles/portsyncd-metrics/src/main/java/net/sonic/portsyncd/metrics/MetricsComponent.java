package net.sonic.portsyncd.metrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.Counter;
import net.sonic.portsyncd.api.metrics.Histogram;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.api.metrics.MetricsSnapshot;
import net.sonic.portsyncd.api.metrics.Timestamp;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the persisted metrics as MetricsRecorder (for every bundle), MetricsReader and MetricsAdmin. A value of
 * its configuration out of range is rejected and the last good one kept (see {@link ConfigValidator}); the rejection
 * is counted here and reported to the alarm service once that is bound.
 */
@Component(immediate = true, configurationPid = MetricsComponent.PID,
        service = {MetricsRecorder.class, MetricsReader.class, MetricsAdmin.class})
@Designate(ocd = MetricsComponent.Config.class)
public final class MetricsComponent implements MetricsRecorder, MetricsReader, MetricsAdmin {
    public static final String PID = "net.sonic.portsyncd.metrics";

    @ObjectClassDefinition(name = "portsyncd metrics",
            description = "Persistence of the portsyncd counters, histograms and timestamps")
    public @interface Config {
        @AttributeDefinition(name = "Metrics directory",
                description = "Absolute directory of metrics.json (beside the port state file). Applies live.")
        String metrics_dir() default MetricsSettings.DEFAULT_DIRECTORY;

        @AttributeDefinition(name = "Persist interval (ms)", min = "" + MetricsSettings.MIN_PERSIST_INTERVAL_MILLIS,
                max = "" + MetricsSettings.MAX_PERSIST_INTERVAL_MILLIS,
                description = "Time between two periodic saves of metrics.json; a save is skipped when nothing changed. Applies live.")
        long persist_interval_ms() default MetricsSettings.DEFAULT_PERSIST_INTERVAL_MILLIS;
    }

    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("metrics.dir", Ranges.absolutePath())
            .key("persist.interval.ms", Ranges.integers(MetricsSettings.MIN_PERSIST_INTERVAL_MILLIS,
                    MetricsSettings.MAX_PERSIST_INTERVAL_MILLIS))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final MetricsService service;

    @Activate
    public MetricsComponent(Map<String, Object> properties) {
        service = new MetricsService(Clock.systemUTC(), settings(configCheck.validate(properties)));
        configCheck.bindMetrics(service);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        service.reconfigure(settings(configCheck.validate(properties)));
    }

    @Deactivate
    void deactivate() {
        service.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService alarms) {
        configCheck.bindAlarms(alarms);
        service.bindAlarms(alarms);
    }

    void unbindAlarms(AlarmService alarms) {
        service.unbindAlarms(alarms);
        configCheck.unbindAlarms(alarms);
    }

    /** Where the metrics are saved. */
    Path file() {
        return service.file();
    }

    @Override
    public void add(Counter counter, long delta) {
        service.add(counter, delta);
    }

    @Override
    public void recordNanos(Histogram histogram, long nanos) {
        service.recordNanos(histogram, nanos);
    }

    @Override
    public void mark(Timestamp timestamp) {
        service.mark(timestamp);
    }

    @Override
    public MetricsSnapshot snapshot() {
        return service.snapshot();
    }

    @Override
    public void reset() {
        service.reset();
    }

    private static MetricsSettings settings(Config config) {
        return new MetricsSettings(Path.of(config.metrics_dir()), Duration.ofMillis(config.persist_interval_ms()));
    }
}
