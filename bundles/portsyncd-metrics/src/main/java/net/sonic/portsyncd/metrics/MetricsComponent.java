package net.sonic.portsyncd.metrics;

import java.time.Clock;
import net.sonic.portsyncd.api.metrics.MetricsAdmin;
import net.sonic.portsyncd.api.metrics.MetricsReader;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Publishes the persisted metrics as MetricsRecorder (for every bundle), MetricsReader and MetricsAdmin. */
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

        @AttributeDefinition(name = "Persist interval (ms)", min = "100",
                description = "Time between two periodic saves of metrics.json; a save is skipped when nothing changed. Applies live.")
        long persist_interval_ms() default MetricsSettings.DEFAULT_PERSIST_INTERVAL_MILLIS;
    }

    @Activate
    public MetricsComponent(Config config) {
        super(Clock.systemUTC(), settings(config));
    }

    @Modified
    void modified(Config config) {
        reconfigure(settings(config));
    }

    @Deactivate
    void deactivate() {
        close();
    }

    private static MetricsSettings settings(Config config) {
        return MetricsSettings.fromConfiguration(config.metrics_dir(), config.persist_interval_ms());
    }
}
