package net.sonic.portsyncd.metrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
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
public final class MetricsComponent extends MetricsService {
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

    private final ConfigValidator<Config> configCheck;

    @Activate
    public MetricsComponent(Map<String, Object> properties) {
        this(new ConfigValidator<>(SPEC), properties);
    }

    private MetricsComponent(ConfigValidator<Config> configCheck, Map<String, Object> properties) {
        super(Clock.systemUTC(), settings(configCheck.validate(properties)));
        this.configCheck = configCheck;
        configCheck.bindMetrics(this);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        reconfigure(settings(configCheck.validate(properties)));
    }

    @Deactivate
    void deactivate() {
        close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    @Override
    public void bindAlarms(AlarmService alarms) {
        configCheck.bindAlarms(alarms);
        super.bindAlarms(alarms);
    }

    @Override
    public void unbindAlarms(AlarmService alarms) {
        super.unbindAlarms(alarms);
        configCheck.unbindAlarms(alarms);
    }

    private static MetricsSettings settings(Config config) {
        return new MetricsSettings(Path.of(config.metrics_dir()), Duration.ofMillis(config.persist_interval_ms()));
    }
}
