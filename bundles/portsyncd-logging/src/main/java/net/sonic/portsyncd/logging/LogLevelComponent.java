package net.sonic.portsyncd.logging;

import java.time.Duration;
import java.util.Map;
import net.sonic.portsyncd.api.db.SonicDb;
import net.sonic.portsyncd.api.metrics.AlarmService;
import net.sonic.portsyncd.api.metrics.MetricsRecorder;
import net.sonic.portsyncd.support.config.ConfigSpec;
import net.sonic.portsyncd.support.config.ConfigValidator;
import net.sonic.portsyncd.support.config.Ranges;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the level of the {@code net.sonic.portsyncd} loggers follow CONFIG_DB {@code LOGGER|portsyncd LOGLEVEL}. */
@Component(configurationPid = LogLevelComponent.PID, immediate = true, service = {})
@Designate(ocd = LogLevelComponent.Config.class)
public final class LogLevelComponent {
    public static final String PID = "net.sonic.portsyncd.logging";
    private static final Logger LOG = LoggerFactory.getLogger(LogLevelComponent.class);

    @ObjectClassDefinition(name = "portsyncd log level",
            description = "Follows CONFIG_DB LOGGER|portsyncd LOGLEVEL (EMERG..DEBUG) onto the level of logger "
                    + "net.sonic.portsyncd in pax-logging. A change of this configuration applies at once.")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (ms)", min = "100", max = "3600000",
                description = "How often LOGLEVEL is read from CONFIG_DB; a change takes effect within this time.")
        long poll_interval_ms() default 2000;
    }

    /** A value out of its range is rejected and the last good one kept (see {@link ConfigValidator}). */
    static final ConfigSpec<Config> SPEC = ConfigSpec.of(PID, Config.class)
            .key("poll.interval.ms", Ranges.integers(100, 3_600_000))
            .build();

    private final ConfigValidator<Config> configCheck = new ConfigValidator<>(SPEC);
    private final LogLevelWatcher watcher;

    @Activate
    public LogLevelComponent(@Reference SonicDb db, @Reference ConfigurationAdmin configAdmin,
            Map<String, Object> properties) {
        Duration interval = Duration.ofMillis(configCheck.validate(properties).poll_interval_ms());
        watcher = new LogLevelWatcher(db, new PaxLoggingLevelApplier(configAdmin), interval);
        LOG.info("Following CONFIG_DB LOGGER|portsyncd LOGLEVEL every {} ms", interval.toMillis());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAlarms(AlarmService alarms) {
        configCheck.bindAlarms(alarms);
    }

    void unbindAlarms(AlarmService alarms) {
        configCheck.unbindAlarms(alarms);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsRecorder metrics) {
        configCheck.bindMetrics(metrics);
    }

    void unbindMetrics(MetricsRecorder metrics) {
        configCheck.unbindMetrics(metrics);
    }

    @Deactivate
    public void close() {
        watcher.close();
        LOG.info("Stopped following CONFIG_DB LOGGER|portsyncd LOGLEVEL ({} applied, {} rejected)",
                watcher.applied(), watcher.rejected());
    }
}
